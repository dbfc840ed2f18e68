package dev.spotter.replay;

import dev.spotter.diff.noise.EndpointReport;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one run has counted so far (per target outcomes, skipped requests, examples, the judged
 * differences) and the {@link CheckResult} that adds up to at any moment. Shared by a check, which
 * asks for the result once at the end, and a live shadow, which asks for it again and again.
 * Thread-safe.
 */
final class RunTally {
  final TargetRecorder primary;
  final TargetRecorder secondary;
  final TargetRecorder candidate;
  final SkipTally skips = new SkipTally();
  final ExampleKeeper examples;
  final ExchangeAnalyzer analyzer;
  private final Comparison comparison;

  RunTally(
      Comparison comparison,
      long maxBodyBytes,
      String primaryUrl,
      String secondaryUrl,
      String candidateUrl,
      UnaryOperator<ExampleExchange> sanitizer,
      int maxExamples) {
    this.comparison = comparison;
    this.primary = new TargetRecorder("primary", primaryUrl);
    this.secondary = new TargetRecorder("secondary", secondaryUrl);
    this.candidate = new TargetRecorder("candidate", candidateUrl);
    this.examples = new ExampleKeeper(sanitizer, maxExamples, ExampleKeeper.MAX_BYTES);
    this.analyzer =
        new ExchangeAnalyzer(comparison, maxBodyBytes, primary, secondary, candidate, examples);
  }

  /** Everything counted so far, judged, under {@code info}. */
  CheckResult result(RunInfo info, long requests) {
    List<EndpointReport> endpoints = comparison.report();
    long regressions = endpoints.stream().mapToLong(EndpointReport::regressions).sum();
    List<TargetStats> targets = List.of(primary.stats(), secondary.stats(), candidate.stats());
    Summary summary =
        new Summary(
            requests,
            analyzer.compared(),
            skips.total(),
            analyzer.errors(),
            regressions,
            verdict(analyzer.compared(), regressions, targets));
    return new CheckResult(info, summary, endpoints, skips.counts(), targets, examples.examples());
  }

  /**
   * No verdict without evidence: a run that compared nothing, or where a target never answered, is
   * incomplete rather than a pass.
   */
  static CheckVerdict verdict(long compared, long regressions, List<TargetStats> targets) {
    if (compared == 0 || targets.stream().anyMatch(TargetStats::neverAnswered)) {
      return CheckVerdict.INCOMPLETE;
    }
    return regressions > 0 ? CheckVerdict.FAIL : CheckVerdict.PASS;
  }
}
