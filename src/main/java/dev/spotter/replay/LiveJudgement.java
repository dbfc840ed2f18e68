package dev.spotter.replay;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.model.HttpRequestData;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Judges exchanges whose three answers arrive from elsewhere (a live shadow of production traffic)
 * with exactly what a check uses: the same diff, noise judgement, per-target counts and examples.
 * {@link #snapshot} gives the {@link CheckResult} of everything judged so far at any moment, so
 * reports can be written while traffic still flows. Thread-safe: judge from any number of threads.
 */
public final class LiveJudgement {
  private final RunTally tally;

  /**
   * @param differ compares two answers
   * @param grouper puts a request under its endpoint
   * @param collector counts and judges differences; this judgement's alone
   * @param maxBodyBytes decoded body bytes kept per answer
   * @param sanitizer applied to every example before it is kept (redaction)
   * @param primaryUrl base URL of the primary, for the report
   * @param secondaryUrl base URL of the secondary
   * @param candidateUrl base URL of the candidate
   */
  public LiveJudgement(
      ResponseDiffer differ,
      EndpointGrouper grouper,
      FindingCollector collector,
      long maxBodyBytes,
      UnaryOperator<ExampleExchange> sanitizer,
      String primaryUrl,
      String secondaryUrl,
      String candidateUrl) {
    this.tally =
        new RunTally(
            Comparison.of(
                Objects.requireNonNull(differ, "differ"),
                Objects.requireNonNull(grouper, "grouper"),
                Objects.requireNonNull(collector, "collector")),
            maxBodyBytes,
            primaryUrl,
            secondaryUrl,
            candidateUrl,
            sanitizer == null ? UnaryOperator.identity() : sanitizer,
            ExampleKeeper.MAX_EXAMPLES);
  }

  /**
   * Judges one exchange once all three answers are in. Decodes bodies and diffs, so call it off the
   * I/O threads.
   *
   * @param id the exchange's id, as findings cite it
   * @param shown the request as the targets received it, for grouping and examples
   */
  public Analysis judge(
      String id, HttpRequestData shown, Sent primary, Sent secondary, Sent candidate) {
    return tally.analyzer.analyze(id, shown, primary, secondary, candidate);
  }

  /** Counts a request that was not compared, for a stated reason. */
  public void skipped(String reason, String detail) {
    tally.skips.count(new Preparation.Skip(reason, detail));
  }

  /** Everything judged so far, with its verdict. */
  public CheckResult snapshot(RunInfo info, long requests) {
    return tally.result(info, requests);
  }
}
