package dev.spotter.report;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.Asked;
import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.NotCovered;
import dev.spotter.replay.Repeats;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.replay.TargetStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link CheckResult}s for report tests; the summary is derived as the engine derives it (a
 * change across endpoints counted once, undecided findings leaving the check undecided) unless set.
 */
final class ResultBuilder {
  static final String PRIMARY = "http://127.0.0.1:8081";
  static final String SECONDARY = "http://127.0.0.1:8082";
  static final String CANDIDATE = "http://127.0.0.1:8083";

  private RunInfo run =
      new RunInfo(
          "run-17",
          "corpus demo",
          PRIMARY,
          SECONDARY,
          false,
          CANDIDATE,
          Instant.parse("2024-05-02T10:15:00Z"),
          Instant.parse("2024-05-02T10:15:42.500Z"),
          16,
          0,
          Duration.ofSeconds(5),
          false);
  private final List<EndpointReport> endpoints = new ArrayList<>();
  private final List<SkipCount> skipped = new ArrayList<>();
  private List<TargetStats> targets;
  private final Map<String, ExampleExchange> examples = new LinkedHashMap<>();
  private final List<CrossCuttingFinding> crossCutting = new ArrayList<>();
  private final List<NotCovered> notCovered = new ArrayList<>();
  private Repeats repeats;
  private Summary summary;
  private long errors;
  private boolean undecidedAccepted;

  ResultBuilder run(RunInfo newRun) {
    this.run = newRun;
    return this;
  }

  RunInfo run() {
    return run;
  }

  ResultBuilder endpoint(
      String endpoint, long requests, long differing, long regressing, Finding... findings) {
    endpoints.add(
        new EndpointReport(
            Endpoint.parse(endpoint), requests, differing, regressing, List.of(findings)));
    return this;
  }

  ResultBuilder endpoint(EndpointReport report) {
    endpoints.add(report);
    return this;
  }

  /** An endpoint whose requests were asked {@code repeats} more times than once each. */
  ResultBuilder repeatedEndpoint(
      String endpoint,
      long requests,
      long repeats,
      long differing,
      long regressing,
      Finding... findings) {
    endpoints.add(
        new EndpointReport(
            Endpoint.parse(endpoint), requests, differing, regressing, List.of(findings), repeats));
    return this;
  }

  ResultBuilder crossCutting(CrossCuttingFinding change) {
    crossCutting.add(change);
    return this;
  }

  ResultBuilder notCovered(String endpoint, long requests, String detail) {
    notCovered.add(new NotCovered(Endpoint.parse(endpoint), requests, detail));
    return this;
  }

  ResultBuilder repeats(Repeats r) {
    this.repeats = r;
    return this;
  }

  /** As {@code --allow-undecided} does: the verdict stays undecided, the team accepts it. */
  ResultBuilder undecidedAccepted() {
    this.undecidedAccepted = true;
    return this;
  }

  ResultBuilder skipped(String reason, String detail, long count) {
    skipped.add(new SkipCount(reason, detail, count));
    return this;
  }

  ResultBuilder targets(TargetStats... stats) {
    this.targets = List.of(stats);
    return this;
  }

  ResultBuilder example(ExampleExchange example) {
    examples.put(example.id(), example);
    return this;
  }

  ResultBuilder errors(long count) {
    this.errors = count;
    return this;
  }

  ResultBuilder summary(Summary s) {
    this.summary = s;
    return this;
  }

  CheckResult build() {
    long compared = endpoints.stream().mapToLong(EndpointReport::requests).sum();
    long skips = skipped.stream().mapToLong(SkipCount::count).sum();
    long regressions =
        endpoints.stream().mapToLong(EndpointReport::regressions).sum() + crossCutting.size();
    long undecided = endpoints.stream().mapToLong(EndpointReport::undecided).sum();
    long sent = compared + errors;
    List<TargetStats> t =
        targets != null
            ? targets
            : List.of(
                target("primary", PRIMARY, sent, sent),
                target("secondary", SECONDARY, sent, sent),
                target("candidate", CANDIDATE, sent, sent));
    // The engine's rule: no verdict without evidence.
    CheckVerdict verdict =
        compared == 0 || t.stream().anyMatch(TargetStats::neverAnswered)
            ? CheckVerdict.INCOMPLETE
            : regressions > 0
                ? CheckVerdict.FAIL
                : undecided > 0 ? CheckVerdict.UNDECIDED : CheckVerdict.PASS;
    Summary s =
        summary != null
            ? summary
            : new Summary(
                compared + skips + errors,
                compared,
                skips,
                errors,
                regressions,
                verdict,
                undecided,
                undecidedAccepted);
    return new CheckResult(
        run, s, endpoints, skipped, t, examples, List.of(), crossCutting, repeats, notCovered);
  }

  static TargetStats target(String role, String url, long sent, long answered) {
    Map<FailureKind, Long> failures =
        sent > answered ? Map.of(FailureKind.TIMEOUT, sent - answered) : Map.of();
    return new TargetStats(
        role,
        url,
        sent,
        answered,
        failures,
        answered > 0
            ? new TargetStats.LatencySummary(3.2, 7.9, 21.4, 88.0)
            : TargetStats.LatencySummary.NONE);
  }

  static Finding regression(
      String path, DifferenceKind kind, long candidate, long noise, String reason, String... ex) {
    return new Finding(
        path,
        kind,
        candidate,
        noise,
        0,
        0,
        noise == 0 ? 1.0 : 1e-6,
        Verdict.REGRESSION,
        reason,
        List.of(ex));
  }

  static Finding undecided(
      String path, DifferenceKind kind, long candidate, String reason, String... ex) {
    return new Finding(path, kind, candidate, 0, 0, 0, 1.0, Verdict.UNDECIDED, reason, List.of(ex));
  }

  /** The same finding, resting on asking its requests again as {@code asked} says. */
  static Finding asked(Finding f, Asked asked) {
    return new Finding(
        f.path(),
        f.kind(),
        f.candidateCount(),
        f.noiseCount(),
        f.bothCount(),
        f.unexplainedCount(),
        f.pValue(),
        f.verdict(),
        f.reason(),
        f.examples(),
        asked,
        f.crossCutting());
  }

  /** A regression on one endpoint that is part of {@code change}, reported once with it. */
  static Finding partOf(
      CrossCuttingFinding change, long candidate, long noise, String reason, String... ex) {
    return new Finding(
        change.path(),
        change.kind(),
        candidate,
        noise,
        0,
        0,
        1.0,
        Verdict.REGRESSION,
        reason,
        List.of(ex),
        Asked.NONE,
        change.key());
  }

  static Finding noise(
      String path, DifferenceKind kind, long candidate, long noise, String reason, String... ex) {
    return new Finding(
        path,
        kind,
        candidate,
        noise,
        Math.min(candidate, noise),
        0,
        0.62,
        Verdict.NOISE,
        reason,
        List.of(ex));
  }

  static Difference diff(String pointer, DifferenceKind kind, String primary, String other) {
    return new Difference(pointer, fold(pointer), kind, primary, other, ValueChange.NONE);
  }

  /** Array indexes folded to {@code *}, as the diff engine groups them. */
  static String fold(String pointer) {
    return pointer.replaceAll("/\\d+(?=/|$)", "/*");
  }

  static TargetOutcome answered(int status, Headers headers, byte[] body) {
    return new TargetOutcome.Answered(new HttpResponseData(status, headers, Body.of(body)), 4_200);
  }

  static TargetOutcome answered(int status, Headers headers, Body body) {
    return new TargetOutcome.Answered(new HttpResponseData(status, headers, body), 4_200);
  }

  static HttpRequestData get(String url, String... headers) {
    return new HttpRequestData("GET", url, Headers.of(headers), Body.EMPTY);
  }

  static ExampleExchange exchange(
      String id,
      String endpoint,
      HttpRequestData request,
      TargetOutcome primary,
      TargetOutcome secondary,
      TargetOutcome candidate,
      List<Difference> candidateDiffs,
      List<Difference> noiseDiffs) {
    return new ExampleExchange(
        id,
        Endpoint.parse(endpoint),
        request,
        primary,
        secondary,
        candidate,
        candidateDiffs,
        noiseDiffs);
  }

  /** A file from {@code src/test/resources/fixtures/report}. */
  static byte[] fixture(String name) {
    try (InputStream in = ResultBuilder.class.getResourceAsStream("/fixtures/report/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
