package dev.spotter.report;

import dev.spotter.diff.Difference;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Endpoint;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.ExampleExchange;
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

/**
 * What every report shows, derived once from a {@link CheckResult}: endpoints ranked by regressions
 * with their share of traffic, findings split into regressions and noise, the order examples are
 * shown in and which findings cite each. Tolerates missing parts of the result.
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
          .thenComparing(Comparator.comparingLong(RankedEndpoint::regressing).reversed())
          .thenComparing(Comparator.comparingLong(RankedEndpoint::differing).reversed())
          .thenComparing(Comparator.comparingLong(RankedEndpoint::requests).reversed());

  /**
   * One endpoint with what the reports show about it.
   *
   * @param report the endpoint's findings as judged
   * @param name {@code GET /orders/{id}}
   * @param share fraction of all compared requests that went to this endpoint
   * @param regressions findings judged regressions
   * @param noise findings dismissed as noise
   */
  record RankedEndpoint(
      EndpointReport report,
      String name,
      double share,
      List<Finding> regressions,
      List<Finding> noise) {
    long requests() {
      return report.requests();
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
      List<Finding> noise = new ArrayList<>();
      for (Finding f : e.findings()) {
        (f.isRegression() ? regressions : noise).add(f);
        if (f.kind() != null) {
          verdicts.put(key(name, f.path(), f.kind().jsonName()), f.verdict());
        }
      }
      double share = total > 0 ? Math.max(0, e.requests()) / (double) total : 0;
      ranked.add(new RankedEndpoint(e, name, share, List.copyOf(regressions), List.copyOf(noise)));
    }
    ranked.sort(RANKING);
    this.endpoints = List.copyOf(ranked);
    this.exampleOrder = orderExamples();
  }

  static ReportView of(CheckResult result) {
    return new ReportView(result);
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
    for (boolean regressionsFirst : new boolean[] {true, false}) {
      for (RankedEndpoint e : endpoints) {
        for (Finding f : regressionsFirst ? e.regressions() : e.noise()) {
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

  Optional<RunInfo> run() {
    return Optional.ofNullable(result.run());
  }

  /** The summary, or one derived from the endpoints when the result carries none. */
  Summary summary() {
    if (result.summary() != null) {
      return result.summary();
    }
    long requests = endpoints.stream().mapToLong(RankedEndpoint::requests).sum();
    long regressions = endpoints.stream().mapToLong(e -> e.regressions().size()).sum();
    return new Summary(
        requests,
        requests,
        0,
        0,
        regressions,
        regressions > 0 ? CheckVerdict.FAIL : CheckVerdict.PASS);
  }

  CheckVerdict verdict() {
    Summary s = summary();
    if (s.verdict() != null) {
      return s.verdict();
    }
    return s.regressions() > 0 ? CheckVerdict.FAIL : CheckVerdict.PASS;
  }

  boolean failed() {
    return verdict() == CheckVerdict.FAIL;
  }

  /** Targets that were sent requests and answered none: the run proves nothing about them. */
  List<TargetStats> neverAnswered() {
    return result.targets().stream().filter(TargetStats::neverAnswered).toList();
  }

  boolean incomplete() {
    return !neverAnswered().isEmpty();
  }

  List<RankedEndpoint> endpoints() {
    return endpoints;
  }

  List<RankedEndpoint> regressingEndpoints() {
    return endpoints.stream().filter(e -> !e.regressions().isEmpty()).toList();
  }

  long noisePaths() {
    return endpoints.stream().mapToLong(e -> e.noise().size()).sum();
  }

  long noiseEndpoints() {
    return endpoints.stream().filter(e -> !e.noise().isEmpty()).count();
  }

  /** Example ids in the order they are shown: cited by regressions first, then by noise. */
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

  /** Findings judged regressions, over all endpoints. */
  long regressions() {
    return summary().regressions();
  }

  /** One sentence under the verdict: what the run found, in numbers. */
  String headline() {
    Summary s = summary();
    if (incomplete()) {
      List<String> roles =
          neverAnswered().stream().map(t -> t.role() == null ? "a target" : t.role()).toList();
      return String.join(" and ", roles)
          + " never answered, so this run cannot tell what the change alters";
    }
    if (failed()) {
      long regressing = regressingEndpoints().size();
      if (regressing == 0) {
        return "The check failed with " + Fmt.plural(s.regressions(), "regression", "regressions");
      }
      return Fmt.plural(s.regressions(), "regression", "regressions")
          + " in "
          + Fmt.plural(regressing, "endpoint", "endpoints")
          + " of "
          + Fmt.count(endpoints.size());
    }
    if (s.compared() == 0) {
      return "No regressions, but no request was compared";
    }
    return "No regressions in " + Fmt.plural(s.compared(), "compared request", "compared requests");
  }
}
