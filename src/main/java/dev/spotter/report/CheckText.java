package dev.spotter.report;

import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCause;
import dev.spotter.diff.noise.StateDrift;
import dev.spotter.model.Endpoint;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.NotCovered;
import dev.spotter.replay.Repeats;
import dev.spotter.replay.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sentences every report and the terminal say about a check, written once so that they never
 * disagree: what failed it (changes across endpoints counted once, then the regressions of single
 * endpoints), what was left undecided, how much of the traffic decided it, what asking again cost,
 * and a finding's counts over the right denominator (asks, when requests were asked again).
 */
public final class CheckText {
  private CheckText() {}

  /**
   * What fails a check, without its guards: {@code 1 change across 8 endpoints and 3 regressions in
   * 2 endpoints}, {@code 5 regressions in 4 endpoints}; empty when nothing regressed.
   */
  public static String regressions(CheckResult r) {
    List<String> parts = new ArrayList<>();
    if (!r.crossCutting().isEmpty()) {
      parts.add(
          Fmt.plural(r.crossCutting().size(), "change", "changes")
              + " across "
              + Fmt.plural(crossCuttingEndpoints(r).size(), "endpoint", "endpoints"));
    }
    long own = r.endpoints().stream().mapToLong(EndpointReport::regressions).sum();
    long where = r.endpoints().stream().filter(e -> e.regressions() > 0).count();
    if (own > 0) {
      parts.add(
          Fmt.plural(own, "regression", "regressions")
              + " in "
              + Fmt.plural(where, "endpoint", "endpoints"));
    }
    long counted = r.summary() == null ? 0 : r.summary().regressions();
    if (parts.isEmpty() && counted > 0) {
      // a result that counts regressions without listing them (say, written by hand)
      parts.add(Fmt.plural(counted, "regression", "regressions"));
    }
    return String.join(" and ", parts);
  }

  /** What became of the requests read: {@code 915 requests: 880 compared, 35 skipped, 0 errors}. */
  public static String requests(Summary s) {
    return Fmt.plural(s.requests(), "request", "requests")
        + ": "
        + Fmt.count(s.compared())
        + " compared, "
        + Fmt.count(s.skipped())
        + " skipped, "
        + Fmt.plural(s.errors(), "error", "errors");
  }

  /**
   * {@code 3 findings on 2 endpoints are undecided}; empty when nothing is. The count is the
   * summary's; endpoints are those holding an undecided finding.
   */
  public static String undecided(CheckResult r) {
    long n = undecidedCount(r);
    if (n == 0) {
      return "";
    }
    long endpoints = r.endpoints().stream().filter(e -> e.undecided() > 0).count();
    return Fmt.plural(n, "finding", "findings")
        + (endpoints > 0 ? " on " + Fmt.plural(endpoints, "endpoint", "endpoints") : "")
        + (n == 1 ? " is" : " are")
        + " undecided";
  }

  /**
   * Undecided findings: the summary's count, or the endpoints' when they list more (a result put
   * together by hand, or damaged): never fewer than the reports show.
   */
  public static long undecidedCount(CheckResult r) {
    Summary s = r.summary();
    long listed = r.endpoints().stream().mapToLong(EndpointReport::undecided).sum();
    return s == null ? listed : Math.max(s.undecided(), listed);
  }

  /**
   * The verdict of an undecided check in one phrase: {@code no regression shown, but 3 findings on
   * 2 endpoints are undecided}.
   */
  public static String undecidedVerdict(CheckResult r) {
    String undecided = undecided(r);
    return "no regression shown, but "
        + (undecided.isEmpty() ? "some findings are undecided" : undecided);
  }

  /**
   * How much of the traffic decided the check: {@code 11 endpoints: 6 decided on the recorded
   * traffic alone, 4 after asking again, 1 undecided; 2 not covered (POST is not replayed without
   * --allow-side-effects)}; empty when there is no endpoint at all.
   */
  public static String coverage(CheckResult r) {
    long compared = r.endpoints().size();
    if (compared == 0 && r.notCovered().isEmpty()) {
      return "";
    }
    long recorded = r.endpointsDecided(EndpointReport.Decided.ON_RECORDED_TRAFFIC);
    long repeated = r.endpointsDecided(EndpointReport.Decided.AFTER_REPEATS);
    long undecided = r.endpointsDecided(EndpointReport.Decided.UNDECIDED);
    List<String> parts = new ArrayList<>();
    if (recorded > 0) {
      parts.add(Fmt.count(recorded) + " decided on the recorded traffic alone");
    }
    if (repeated > 0) {
      parts.add(Fmt.count(repeated) + (recorded > 0 ? "" : " decided") + " after asking again");
    }
    if (undecided > 0) {
      parts.add(Fmt.count(undecided) + " undecided");
    }
    StringBuilder text = new StringBuilder(Fmt.plural(compared, "endpoint", "endpoints"));
    if (compared == 0) {
      text.append(" compared");
    } else {
      text.append(": ").append(String.join(", ", parts));
    }
    if (!r.notCovered().isEmpty()) {
      text.append("; ").append(Fmt.count(r.notCovered().size())).append(" not covered");
      text.append(" (").append(notCoveredWhy(r.notCovered())).append(')');
    }
    return text.toString();
  }

  /**
   * Why endpoints were not covered: the one reason, or each with how many endpoints it kept out.
   */
  private static String notCoveredWhy(List<NotCovered> notCovered) {
    Map<String, Long> byWhy = new LinkedHashMap<>();
    for (NotCovered n : notCovered) {
      String why =
          n.detail() == null || n.detail().isEmpty() ? "every request skipped" : n.detail();
      byWhy.merge(why, 1L, Long::sum);
    }
    if (byWhy.size() == 1) {
      return byWhy.keySet().iterator().next();
    }
    List<String> parts = new ArrayList<>();
    byWhy.forEach((why, n) -> parts.add(Fmt.count(n) + ": " + why));
    return String.join("; ", parts);
  }

  /**
   * The writes that reached some targets only and what they did to the findings: {@code 1 write
   * reached the primary only (first: POST /posts at ..., not mirrored without
   * --allow-side-effects); 2 findings on 1 endpoint read after it are marked "state may have
   * drifted"; to judge them, replay with --allow-side-effects against disposable copies, or start
   * the copies from the same snapshot}; empty when no write drifted.
   */
  public static String drift(CheckResult r) {
    StateDrift d = r.drift();
    if (!d.any()) {
      return "";
    }
    long findings = driftFindings(r);
    long endpoints =
        r.endpoints().stream()
            .filter(e -> e.findings().stream().anyMatch(CheckText::drifted))
            .count();
    return d.sentence()
        + (findings == 0
            ? "; no finding was read after it"
            : "; "
                + Fmt.plural(findings, "finding", "findings")
                + " on "
                + Fmt.plural(endpoints, "endpoint", "endpoints")
                + " read after it "
                + (findings == 1 ? "is" : "are")
                + " marked \"state may have drifted\"; to judge "
                + (findings == 1 ? "it" : "them")
                + ", "
                + StateDrift.REMEDY);
  }

  /** Findings put down to state that drifted apart. */
  public static long driftFindings(CheckResult r) {
    return r.endpoints().stream()
        .flatMap(e -> e.findings().stream())
        .filter(CheckText::drifted)
        .count();
  }

  static boolean drifted(Finding f) {
    return f.cause() == FindingCause.STATE_DRIFT;
  }

  /**
   * What asking again cost and why it stopped: {@code 240 exchanges for 15 requests in 4 rounds
   * (3.2 s); stopped: the check's budget of 2000 repeats is spent}; empty when nothing was asked
   * again and nothing stopped it.
   */
  public static String askedAgain(Repeats r) {
    if (r == null || (!r.any() && r.endedBecause() == null)) {
      return "";
    }
    if (!r.any()) {
      return "no request, because " + r.endedBecause();
    }
    return Fmt.plural(r.exchanges(), "exchange", "exchanges")
        + " for "
        + Fmt.plural(r.requests(), "request", "requests")
        + " in "
        + Fmt.plural(r.rounds(), "round", "rounds")
        + " ("
        + Fmt.duration(r.elapsed())
        + ")"
        + (r.errors() > 0
            ? ", " + Fmt.count(r.errors()) + " of them without an answer to compare"
            : "")
        + (r.endedBecause() == null ? "" : "; stopped: " + r.endedBecause());
  }

  /** Every ask of an endpoint: each request once, and again for every repeat. */
  public static long asks(EndpointReport e) {
    return e.requests() + Math.max(0, e.repeats());
  }

  /**
   * What a finding's counts are out of: {@code 81}, or {@code 17 asks (1 request asked 17 times)}
   * when the endpoint's requests were asked again.
   */
  public static String outOf(EndpointReport e) {
    return outOf(e.requests(), asks(e));
  }

  private static String outOf(long requests, long asks) {
    if (asks <= requests) {
      return Fmt.count(requests);
    }
    return Fmt.count(asks) + " asks (" + askedTimes(requests, asks) + ")";
  }

  /**
   * {@code 1 request asked 17 times}, {@code 80 requests asked 96 times in all}; empty when each
   * request of the endpoint was asked once.
   */
  public static String askedTimes(EndpointReport e) {
    return asks(e) <= e.requests() ? "" : askedTimes(e.requests(), asks(e));
  }

  private static String askedTimes(long requests, long asks) {
    return Fmt.plural(requests, "request", "requests")
        + " asked "
        + Fmt.count(asks)
        + " times"
        + (requests == 1 ? "" : " in all");
  }

  /**
   * Why an undecided finding is still undecided, as its reason ends ({@code Still undecided:
   * WHY.}), without the full stop; null when its reason does not say.
   */
  public static String stillUndecided(Finding f) {
    String marker = "Still undecided: ";
    int at = f.isUndecided() && f.reason() != null ? f.reason().indexOf(marker) : -1;
    if (at < 0) {
      return null;
    }
    String why = f.reason().substring(at + marker.length()).trim();
    return why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
  }

  /**
   * A finding's counts: {@code candidate 70, secondary 0 of 81}, or {@code candidate 17, secondary
   * 0 of 17 asks (1 request asked 17 times)}.
   */
  public static String counts(Finding f, EndpointReport e) {
    return counts(f.candidateCount(), f.noiseCount(), outOf(e));
  }

  private static String counts(long candidate, long secondary, String outOf) {
    return "candidate "
        + Fmt.count(candidate)
        + ", secondary "
        + Fmt.count(secondary)
        + " of "
        + outOf;
  }

  /**
   * A change across endpoints' counts, over the requests (or asks) of every endpoint where either
   * build differs there: {@code candidate 640, secondary 0 of 640}.
   */
  public static String counts(CrossCuttingFinding c, CheckResult r) {
    return counts(c.candidateCount(), c.noiseCount(), outOf(c.requests(), asks(c, r)));
  }

  /**
   * The asks a change across endpoints is counted over: its requests, and every repeat of an
   * endpoint where either build differs at its path (each such endpoint holds a finding there).
   */
  public static long asks(CrossCuttingFinding c, CheckResult r) {
    long repeats = 0;
    for (EndpointReport e : r.endpoints()) {
      boolean member =
          e.findings().stream().anyMatch(f -> c.path().equals(f.path()) && c.kind() == f.kind());
      if (member) {
        repeats += Math.max(0, e.repeats());
      }
    }
    return c.requests() + repeats;
  }

  /** {@code /headers/x field_added}: how a change across endpoints is named everywhere. */
  public static String name(CrossCuttingFinding c) {
    return c.path() + " " + (c.kind() == null ? "unknown" : c.kind().jsonName());
  }

  /**
   * {@code part of the change across endpoints: /headers/x field_added}: what an endpoint says of a
   * finding reported once, with its change across endpoints.
   */
  public static String partOf(Finding f) {
    return "part of the change across endpoints: " + f.crossCutting();
  }

  /** {@code GET /a, GET /b, GET /c and 5 more}: the first {@code max} endpoints of a change. */
  public static String endpoints(CrossCuttingFinding c, int max) {
    List<String> names = new ArrayList<>();
    for (Endpoint e : c.endpoints()) {
      if (names.size() == max) {
        break;
      }
      names.add(ReportView.endpointName(e));
    }
    int more = c.endpoints().size() - names.size();
    return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
  }

  /** The endpoints any change across endpoints shows on, each once. */
  static Set<Endpoint> crossCuttingEndpoints(CheckResult r) {
    Set<Endpoint> all = new LinkedHashSet<>();
    r.crossCutting().forEach(c -> all.addAll(c.endpoints()));
    return all;
  }
}
