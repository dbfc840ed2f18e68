package dev.spotter.replay;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.model.HttpRequestData;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Judges exchanges that others replayed: the coordinator of a distributed check hands it every
 * stored {@link Replayed} of the run, and it counts and diffs them exactly as {@link ReplayEngine}
 * does for a check in one process, so that the same traffic gives the same report either way. Then,
 * as the engine does, it asks again what is still undecided, in rounds the coordinator hands to the
 * workers ({@link #askAgain}). Single-threaded.
 */
public final class ReplayAggregator {
  private final ReplaySettings settings;
  private final RepeatSettings repeatSettings;
  private final Comparison comparison;
  private final RunTally tally;
  private final RepeatPool<Kept> pool = new RepeatPool<>();
  private Repeats repeats;
  private boolean wroteSomething;
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
    this(settings, RepeatSettings.defaults(), differ, grouper, collector, sanitizer);
  }

  /**
   * @param repeats how far the check may go asking again
   */
  public ReplayAggregator(
      ReplaySettings settings,
      RepeatSettings repeats,
      ResponseDiffer differ,
      EndpointGrouper grouper,
      FindingCollector collector,
      UnaryOperator<ExampleExchange> sanitizer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.repeatSettings = Objects.requireNonNull(repeats, "repeats");
    this.repeats = Repeats.none(repeats);
    RunInfo names = RunInfo.ofCheck(settings, "", Instant.EPOCH, Instant.EPOCH);
    this.comparison =
        Comparison.of(
            Objects.requireNonNull(differ, "differ"),
            Objects.requireNonNull(grouper, "grouper"),
            Objects.requireNonNull(collector, "collector"));
    this.tally =
        new RunTally(
            comparison,
            settings.maxBodyBytes(),
            names.primary(),
            names.secondary(),
            names.candidate(),
            sanitizer == null ? UnaryOperator.identity() : sanitizer,
            ExampleKeeper.MAX_EXAMPLES,
            AnswerOrigins.of(settings));
  }

  /** Counts and judges one replayed exchange. */
  public void add(Replayed replayed) {
    requests++;
    if (replayed instanceof Replayed.Answered a) {
      String notRepeatable = Repeatability.whyNot(a.shown(), repeatSettings);
      if (notRepeatable != null) {
        wroteSomething = true;
      }
      ExchangeAnalyzer.Analyzed analyzed =
          tally.analyzer.analyzeFirst(
              a.exchangeId(), a.shown(), a.primary(), a.secondary(), a.candidate(), null);
      if (analyzed.candidateDiffered() && analyzed.request() != null) {
        if (notRepeatable == null) {
          pool.keep(
              analyzed.request(),
              new Kept(a.exchangeId(), a.shown()),
              Repeatability.size(a.shown()));
        } else {
          pool.refuse(analyzed.request(), notRepeatable);
        }
      }
    } else {
      Replayed.Skipped s = (Replayed.Skipped) replayed;
      tally.skips.count(new Preparation.Skip(s.reason(), s.detail()));
    }
  }

  /**
   * Asks again, in rounds, what the replayed traffic left undecided: each round is handed whole to
   * {@code roundAsk}, which has the workers send it ({@link #requestOf} says what to send) and
   * feeds every answer back through {@link #addRepeat}.
   */
  public Repeats askAgain(Repeater.RoundAsk roundAsk) {
    Repeater repeater = new Repeater(repeatSettings, comparison, 1, System::nanoTime);
    repeats =
        wroteSomething
            ? repeater.runRounds(ref -> Repeatability.AFTER_WRITES, roundAsk)
            : repeater.runRounds(ref -> pool.get(ref) == null ? pool.whyNot(ref) : null, roundAsk);
    return repeats;
  }

  /** The request to send again for {@code ref}, as the workers first replayed it; null if none. */
  public HttpRequestData requestOf(RequestRef ref) {
    Kept kept = pool.get(ref);
    return kept == null ? null : kept.request();
  }

  /**
   * The id of the exchange whose request {@link #requestOf} gives, so that its repeats can be named
   * after it; null if none.
   */
  public String exchangeIdOf(RequestRef ref) {
    Kept kept = pool.get(ref);
    return kept == null ? null : kept.exchangeId();
  }

  /** A request kept to be asked again, and the exchange it was first replayed as. */
  private record Kept(String exchangeId, HttpRequestData request) {}

  /**
   * Counts one more ask of a request, replayed by a worker.
   *
   * @return whether it could be compared
   */
  public boolean addRepeat(RequestRef ref, Replayed.Answered answered) {
    return tally.analyzer.analyzeRepeat(
        ref, answered.primary(), answered.secondary(), answered.candidate());
  }

  /** How many exchanges were added. */
  public long requests() {
    return requests;
  }

  /** The check's result over everything added, as {@code source}, with no run id yet. */
  public CheckResult result(String source, Instant startedAt, Instant finishedAt) {
    return tally.result(
        RunInfo.ofCheck(settings, source, startedAt, finishedAt), requests, repeats);
  }
}
