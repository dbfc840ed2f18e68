package dev.spotter.report;

import dev.spotter.diff.Difference;
import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Endpoint;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What every report shows, derived once from a {@link CheckResult}: the verdict and, when there is
 * none, why; endpoints ranked by regressions with their share of traffic; findings split into
 * regressions of the endpoint alone, parts of changes across endpoints (reported once, at the top),
 * undecided findings and noise; the order examples are shown in and which findings cite each.
 * Tolerates missing parts of the result.
 */
final class ReportView {
  /** Exchange ids in natural order: numbers by value, the rest as text. */
  static final Comparator<String> ID_ORDER =
      (a, b) -> {
        boolean na = isSmallNumber(a);
        boolean nb = isSmallNumber(b);
        if (na && nb) {
          return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (na != nb) {
          return na ? -1 : 1;
        }
        return a.compareTo(b);
      };

  private static final Comparator<RankedEndpoint> RANKING =
      Comparator.comparingLong((RankedEndpoint e) -> e.regressions().size())
          .reversed()
          .thenComparing(
              Comparator.comparingLong((RankedEndpoint e) -> e.crossCutting().size()).reversed())
          .thenComparing(Comparator.comparingLong(RankedEndpoint::regressing).reversed())
          .thenComparing(
              Comparator.comparingLong((RankedEndpoint e) -> e.undecided().size()).reversed())
          .thenComparing(Comparator.comparingLong(RankedEndpoint::differing).reversed())
          .thenComparing(Comparator.comparingLong(RankedEndpoint::requests).reversed());

  /**
   * One endpoint with what the reports show about it.
   *
   * @param report the endpoint's findings as judged
   * @param name {@code GET /orders/{id}}
   * @param share fraction of all compared requests that went to this endpoint
   * @param regressions findings judged regressions on this endpoint alone
   * @param crossCutting regressions that are part of a change across endpoints: counted once, with
   *     that change, and only referred to here
   * @param undecided findings neither shown to be a change nor noise, even after asking again
   * @param noise findings dismissed as noise
   */
  record RankedEndpoint(
      EndpointReport report,
      String name,
      double share,
      List<Finding> regressions,
      List<Finding> crossCutting,
      List<Finding> undecided,
      List<Finding> noise) {
    /**
     * Regressions, then parts of changes across endpoints, then undecided findings, then noise: the
     * order every report lists them.
     */
    List<Finding> findings() {
      List<Finding> all = new ArrayList<>(regressions);
      all.addAll(crossCutting);
      all.addAll(undecided);
      all.addAll(noise);
      return all;
    }

    long requests() {
      return report.requests();
    }

    /** Each request once and every repeat: what the findings' counts are out of. */
    long asks() {
      return CheckText.asks(report);
    }

    long differing() {
      return report.differing();
    }

    long regressing() {
      return report.regressing();
    }
  }

  /** A finding citing an example, with the endpoint it belongs to. */
  record Citation(String endpoint, Finding finding) {}

  private final CheckResult result;
  private final List<RankedEndpoint> endpoints;
  private final Map<String, Verdict> verdicts = new HashMap<>();
  private final Map<String, List<Citation>> citations = new LinkedHashMap<>();
  private final List<String> exampleOrder;

  private ReportView(CheckResult result) {
    this.result = result;
    long total = result.endpoints().stream().mapToLong(e -> Math.max(0, e.requests())).sum();
    List<RankedEndpoint> ranked = new ArrayList<>();
    for (EndpointReport e : result.endpoints()) {
      String name = endpointName(e.endpoint());
      List<Finding> regressions = new ArrayList<>();
      List<Finding> crossCutting = new ArrayList<>();
      List<Finding> undecided = new ArrayList<>();
      List<Finding> noise = new ArrayList<>();
      for (Finding f : e.findings()) {
        Verdict v = verdictOf(f);
        switch (v) {
          case REGRESSION -> (f.isCrossCutting() ? crossCutting : regressions).add(f);
          case UNDECIDED -> undecided.add(f);
          case NOISE -> noise.add(f);
        }
        if (f.kind() != null) {
          verdicts.put(key(name, f.path(), f.kind().jsonName()), v);
        }
      }
      double share = total > 0 ? Math.max(0, e.requests()) / (double) total : 0;
      ranked.add(
          new RankedEndpoint(
              e,
              name,
              share,
              List.copyOf(regressions),
              List.copyOf(crossCutting),
              List.copyOf(undecided),
              List.copyOf(noise)));
    }
    ranked.sort(RANKING);
    this.endpoints = List.copyOf(ranked);
    this.exampleOrder = orderExamples();
  }

  static ReportView of(CheckResult result) {
    return new ReportView(result);
  }

  /** A finding's verdict; one without a verdict is shown as a regression, never hidden. */
  static Verdict verdictOf(Finding f) {
    return f.verdict() == null ? Verdict.REGRESSION : f.verdict();
  }

  static String endpointName(Endpoint endpoint) {
    return endpoint == null ? "(unknown endpoint)" : endpoint.toString();
  }

  private static String key(String endpoint, String path, String kind) {
    return endpoint + '\u0000' + path + '\u0000' + kind;
  }

  private static boolean isSmallNumber(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private List<String> orderExamples() {
    Set<String> order = new LinkedHashSet<>();
    List<Function<RankedEndpoint, List<Finding>>> groups =
        List.of(
            RankedEndpoint::regressions,
            RankedEndpoint::crossCutting,
            RankedEndpoint::undecided,
            RankedEndpoint::noise);
    for (Function<RankedEndpoint, List<Finding>> group : groups) {
      for (RankedEndpoint e : endpoints) {
        for (Finding f : group.apply(e)) {
          for (String id : f.examples()) {
            citations.computeIfAbsent(id, k -> new ArrayList<>()).add(new Citation(e.name(), f));
            if (result.examples().containsKey(id)) {
              order.add(id);
            }
          }
        }
      }
    }
    result.examples().keySet().stream().sorted(ID_ORDER).forEach(order::add);
    return List.copyOf(order);
  }

  CheckResult result() {
    return result;
  }

  /** {@code check} or {@code shadow}: what the reports call the run. */
  String mode() {
    return run().map(RunInfo::mode).orElse(RunInfo.CHECK);
  }

  Optional<RunInfo> run() {
    return Optional.ofNullable(result.run());
  }

  /** The summary, or one derived from the endpoints when the result carries none. */
  Summary summary() {
    if (result.summary() != null) {
      return result.summary();
    }
    long requests = endpoints.stream().mapToLong(RankedEndpoint::requests).sum();
    long regressions =
        endpoints.stream().mapToLong(e -> e.regressions().size()).sum()
            + result.crossCutting().size();
    long undecided = undecidedFindings();
    return new Summary(
        requests,
        requests,
        0,
        0,
        regressions,
        derivedVerdict(requests, regressions, undecided),
        undecided);
  }

  /**
   * The check's verdict as the engine gave it; derived the engine's way only when the result
   * carries none: no verdict without evidence (nothing compared, or a target that never answered).
   */
  CheckVerdict verdict() {
    Summary s = summary();
    return s.verdict() != null
        ? s.verdict()
        : derivedVerdict(s.compared(), s.regressions(), s.undecided());
  }

  private CheckVerdict derivedVerdict(long compared, long regressions, long undecided) {
    if (compared <= 0 || !neverAnswered().isEmpty()) {
      return CheckVerdict.INCOMPLETE;
    }
    if (regressions > 0) {
      return CheckVerdict.FAIL;
    }
    return undecided > 0 ? CheckVerdict.UNDECIDED : CheckVerdict.PASS;
  }

  boolean failed() {
    return verdict() == CheckVerdict.FAIL;
  }

  /** No regression shown, but findings left undecided: no pass, accepted or not. */
  boolean undecided() {
    return verdict() == CheckVerdict.UNDECIDED;
  }

  /** The team accepted undecided findings knowingly ({@code --allow-undecided}). */
  boolean undecidedAccepted() {
    return summary().undecidedAccepted();
  }

  /**
   * The verdict as people read it in a headline: {@code Pass}, {@code Fail}, {@code Undecided} or
   * {@code No verdict}.
   */
  String verdictWord() {
    return switch (verdict()) {
      case PASS -> "Pass";
      case FAIL -> "Fail";
      case UNDECIDED -> "Undecided";
      case INCOMPLETE -> "No verdict";
    };
  }

  /** No verdict: nothing could be compared, or a target never answered. */
  boolean incomplete() {
    return verdict() == CheckVerdict.INCOMPLETE;
  }

  /** Targets that were sent requests and answered none: the run proves nothing about them. */
  List<TargetStats> neverAnswered() {
    return result.targets().stream().filter(TargetStats::neverAnswered).toList();
  }

  /**
   * Why the check has no verdict, one sentence each, for people: which target never answered, or
   * that nothing was compared and where the requests went. Empty unless {@link #incomplete()}.
   */
  List<String> noVerdictReasons() {
    if (!incomplete()) {
      return List.of();
    }
    List<String> reasons = new ArrayList<>();
    for (TargetStats t : neverAnswered()) {
      String failures = HtmlReport.failureList(t);
      reasons.add(
          "The "
              + (t.role() == null ? "target" : t.role())
              + (t.url() == null || t.url().isEmpty() ? "" : " at " + t.url())
              + " was sent "
              + Fmt.plural(t.sent(), "request", "requests")
              + " and answered none"
              + (failures.isEmpty() ? "" : " (" + failures + ")")
              + ".");
    }
    Summary s = summary();
    if (s.compared() <= 0) {
      reasons.add(nothingCompared(s));
    }
    for (GuardOutcome g : guards()) {
      if (g.notJudged()) {
        reasons.add(
            "Guard "
                + g.guardId()
                + " '"
                + g.name()
                + "' (incident "
                + g.incidentId()
                + ") could not be judged: "
                + g.reason());
      }
    }
    if (reasons.isEmpty()) {
      reasons.add("The run holds no verdict.");
    }
    return List.copyOf(reasons);
  }

  private static String nothingCompared(Summary s) {
    if (s.requests() <= 0) {
      return "No request was compared: there was no request to replay.";
    }
    List<String> where = new ArrayList<>();
    if (s.skipped() > 0) {
      where.add(Fmt.count(s.skipped()) + " skipped");
    }
    if (s.errors() > 0) {
      where.add(Fmt.count(s.errors()) + " not compared because the primary gave no usable answer");
    }
    return "No request was compared: "
        + Fmt.plural(s.requests(), "request was", "requests were")
        + " read"
        + (where.isEmpty() ? "" : ", " + String.join(", ", where))
        + ".";
  }

  List<RankedEndpoint> endpoints() {
    return endpoints;
  }

  List<RankedEndpoint> regressingEndpoints() {
    return endpoints.stream().filter(e -> !e.regressions().isEmpty()).toList();
  }

  List<RankedEndpoint> undecidedEndpoints() {
    return endpoints.stream().filter(e -> !e.undecided().isEmpty()).toList();
  }

  /** Findings left undecided, over all endpoints (the summary counts the same). */
  long undecidedFindings() {
    return endpoints.stream().mapToLong(e -> e.undecided().size()).sum();
  }

  /** Changes the candidate makes on many endpoints at once, each reported once, at the top. */
  List<CrossCuttingFinding> crossCutting() {
    return result.crossCutting();
  }

  long noisePaths() {
    return endpoints.stream().mapToLong(e -> e.noise().size()).sum();
  }

  long noiseEndpoints() {
    return endpoints.stream().filter(e -> !e.noise().isEmpty()).count();
  }

  /**
   * Example ids in the order they are shown: cited by regressions first, then by parts of changes
   * across endpoints, then by undecided findings, then by noise.
   */
  List<String> exampleOrder() {
    return exampleOrder;
  }

  List<Citation> citations(String exampleId) {
    return citations.getOrDefault(exampleId, List.of());
  }

  Optional<ExampleExchange> example(String id) {
    return Optional.ofNullable(result.examples().get(id));
  }

  /** How the finding a difference of an example belongs to was judged, if any finding holds it. */
  Optional<Verdict> verdictOf(ExampleExchange example, Difference d) {
    String endpoint = endpointName(example.endpoint());
    return Optional.ofNullable(verdicts.get(key(endpoint, d.path(), d.kind().jsonName())));
  }

  /** What the check's guards found, in the order they ran; empty for a run without guards. */
  List<GuardOutcome> guards() {
    return result.guards();
  }

  /** Guards the candidate broke again: each fails the check. */
  List<GuardOutcome> failedGuards() {
    return guards().stream().filter(GuardOutcome::failed).toList();
  }

  /** Regressions, a change across endpoints counted once. */
  long regressions() {
    return summary().regressions();
  }

  /** One sentence under the verdict: what the run found, in numbers. */
  String headline() {
    Summary s = summary();
    if (incomplete()) {
      List<String> roles =
          neverAnswered().stream().map(t -> t.role() == null ? "a target" : t.role()).toList();
      if (!roles.isEmpty()) {
        return String.join(" and ", roles)
            + " never answered, so this run cannot tell what the change alters";
      }
      if (s.compared() <= 0) {
        return "No request was compared, so this run cannot tell what the change alters";
      }
      long unjudged = guards().stream().filter(GuardOutcome::notJudged).count();
      if (unjudged > 0) {
        return Fmt.plural(unjudged, "guard", "guards")
            + " could not be judged, so this run cannot tell whether "
            + (unjudged == 1 ? "its incident's mistake is" : "their incidents' mistakes are")
            + " back";
      }
      return "The run holds no verdict";
    }
    if (undecided()) {
      String verdict = CheckText.undecidedVerdict(withSummary(s));
      return Character.toUpperCase(verdict.charAt(0)) + verdict.substring(1);
    }
    // a failed check's undecided findings are said below its verdict, not in it
    return findings(s);
  }

  private String findings(Summary s) {
    List<GuardOutcome> failedGuards = failedGuards();
    if (failed() && !failedGuards.isEmpty()) {
      String guards = guardsHeadline(failedGuards);
      return s.regressions() > 0
          ? regressionsHeadline(s) + "; " + guards
          : Character.toUpperCase(guards.charAt(0)) + guards.substring(1);
    }
    return regressionsHeadline(s);
  }

  /** {@code guard 'x' failed: the mistake of incident 1 (Title) is back}. */
  private String guardsHeadline(List<GuardOutcome> failed) {
    if (failed.size() == 1) {
      GuardOutcome g = failed.get(0);
      return "guard '"
          + g.name()
          + "' failed: the mistake of incident "
          + g.incidentId()
          + " ("
          + g.incidentTitle()
          + ") is back";
    }
    List<String> incidents = new ArrayList<>();
    for (GuardOutcome g : failed) {
      String id = Long.toString(g.incidentId());
      if (!incidents.contains(id)) {
        incidents.add(id);
      }
    }
    return failed.size()
        + " of "
        + Fmt.plural(guards().size(), "guard", "guards")
        + " failed: the mistakes of "
        + (incidents.size() == 1 ? "incident " : "incidents ")
        + String.join(", ", incidents)
        + " are back";
  }

  private String regressionsHeadline(Summary s) {
    if (failed()) {
      String regressions = CheckText.regressions(withSummary(s));
      if (regressions.isEmpty()) {
        return "The check failed";
      }
      return Character.toUpperCase(regressions.charAt(0)) + regressions.substring(1);
    }
    if (s.compared() == 0) {
      return "No regressions, but no request was compared";
    }
    return "No regressions in " + Fmt.plural(s.compared(), "compared request", "compared requests");
  }

  /** The result with the summary every report shows (derived when the result has none). */
  CheckResult withSummary(Summary s) {
    return result.summary() == s ? result : result.withSummary(s, result.skipped());
  }

  /** The result as every report shows it: with a summary, derived when it has none. */
  CheckResult shown() {
    return withSummary(summary());
  }

  /** Undecided findings, as every report counts them. */
  long undecidedCount() {
    return CheckText.undecidedCount(shown());
  }
}
