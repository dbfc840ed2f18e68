package dev.spotter.replay;

import dev.spotter.diff.noise.RunFindings;
import dev.spotter.model.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
      int maxExamples,
      AnswerOrigins origins) {
    this.comparison = comparison;
    this.primary = new TargetRecorder("primary", primaryUrl);
    this.secondary = new TargetRecorder("secondary", secondaryUrl);
    this.candidate = new TargetRecorder("candidate", candidateUrl);
    this.examples = new ExampleKeeper(sanitizer, maxExamples, ExampleKeeper.MAX_BYTES);
    this.analyzer =
        new ExchangeAnalyzer(
            comparison, maxBodyBytes, primary, secondary, candidate, examples, origins);
  }

  /** Everything counted so far, judged, under {@code info}, with what asking again cost. */
  CheckResult result(RunInfo info, long requests, Repeats repeats) {
    RunFindings findings = comparison.judge();
    List<TargetStats> targets = List.of(primary.stats(), secondary.stats(), candidate.stats());
    Summary summary =
        new Summary(
            requests,
            analyzer.compared(),
            skips.total(),
            analyzer.errors(),
            findings.regressions(),
            verdict(analyzer.compared(), findings.regressions(), findings.undecided(), targets),
            findings.undecided());
    Set<Endpoint> compared = new HashSet<>();
    findings.endpoints().forEach(e -> compared.add(e.endpoint()));
    return new CheckResult(
        info,
        summary,
        findings.endpoints(),
        skips.counts(),
        targets,
        examples.examples(),
        List.of(),
        findings.crossCutting(),
        repeats,
        skips.notCovered(compared),
        findings.drift());
  }

  /**
   * No verdict without evidence: a run that compared nothing, or where a target never answered, is
   * incomplete rather than a pass; one with findings neither shown to be changes nor shown to be
   * noise is undecided.
   */
  static CheckVerdict verdict(
      long compared, long regressions, long undecided, List<TargetStats> targets) {
    // a target that never answered is an operational failure, whatever its silence looks like
    if (compared == 0 || targets.stream().anyMatch(TargetStats::neverAnswered)) {
      return CheckVerdict.INCOMPLETE;
    }
    if (regressions > 0) {
      return CheckVerdict.FAIL;
    }
    return undecided > 0 ? CheckVerdict.UNDECIDED : CheckVerdict.PASS;
  }
}
