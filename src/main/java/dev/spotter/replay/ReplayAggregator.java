package dev.spotter.replay;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Judges exchanges that others replayed: the coordinator of a distributed check hands it every
 * stored {@link Replayed} of the run, and it counts and diffs them exactly as {@link ReplayEngine}
 * does for a check in one process, so that the same traffic gives the same report either way.
 * Single-threaded.
 */
public final class ReplayAggregator {
  private final ReplaySettings settings;
  private final RunTally tally;
  private long requests;

  /**
   * @param settings the settings the workers replayed with
   * @param differ compares two answers
   * @param grouper puts a request under its endpoint
   * @param collector counts differences and judges them; gathers the findings of this one run
   * @param sanitizer applied to every example before it is kept (redaction)
   */
  public ReplayAggregator(
      ReplaySettings settings,
      ResponseDiffer differ,
      EndpointGrouper grouper,
      FindingCollector collector,
      UnaryOperator<ExampleExchange> sanitizer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    RunInfo names = RunInfo.ofCheck(settings, "", Instant.EPOCH, Instant.EPOCH);
    this.tally =
        new RunTally(
            Comparison.of(
                Objects.requireNonNull(differ, "differ"),
                Objects.requireNonNull(grouper, "grouper"),
                Objects.requireNonNull(collector, "collector")),
            settings.maxBodyBytes(),
            names.primary(),
            names.secondary(),
            names.candidate(),
            sanitizer == null ? UnaryOperator.identity() : sanitizer,
            ExampleKeeper.MAX_EXAMPLES);
  }

  /** Counts and judges one replayed exchange. */
  public void add(Replayed replayed) {
    requests++;
    if (replayed instanceof Replayed.Answered a) {
      tally.analyzer.analyze(a.exchangeId(), a.shown(), a.primary(), a.secondary(), a.candidate());
    } else {
      Replayed.Skipped s = (Replayed.Skipped) replayed;
      tally.skips.count(new Preparation.Skip(s.reason(), s.detail()));
    }
  }

  /** How many exchanges were added. */
  public long requests() {
    return requests;
  }

  /** The check's result over everything added, as {@code source}, with no run id yet. */
  public CheckResult result(String source, Instant startedAt, Instant finishedAt) {
    return tally.result(
        RunInfo.ofCheck(settings, source, startedAt, finishedAt),
        requests,
        Repeats.none(RepeatSettings.off()));
  }
}
