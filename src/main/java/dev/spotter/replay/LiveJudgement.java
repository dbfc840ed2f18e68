package dev.spotter.replay;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.DriftingWrite;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpRequestData;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Judges exchanges whose three answers arrive from elsewhere (a live shadow of production traffic)
 * with exactly what a check uses: the same diff, noise judgement, per-target counts and examples.
 * {@link #snapshot} gives the {@link CheckResult} of everything judged so far at any moment, so
 * reports can be written while traffic still flows. Thread-safe: judge from any number of threads.
 */
public final class LiveJudgement {
  private final RunTally tally;
  private final Comparison comparison;
  private final RepeatSettings repeatSettings;
  private volatile Repeats repeats;
  private volatile boolean wroteSomething;

  /**
   * Writes answered by the primary alone, counted by endpoint without a lock on the proxy's I/O
   * threads and handed to the findings on the judging threads and at each snapshot. Counted, not
   * queued: a shadow of a service that only takes writes judges nothing and would otherwise keep
   * every one of them until it stops.
   */
  private final ConcurrentHashMap<Endpoint, NotMirrored> notMirrored = new ConcurrentHashMap<>();

  /** The first write of an endpoint that was not mirrored, and how many are not handed over yet. */
  private record NotMirrored(DriftingWrite first, LongAdder pending) {}

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
    this(
        differ,
        grouper,
        collector,
        maxBodyBytes,
        sanitizer,
        primaryUrl,
        secondaryUrl,
        candidateUrl,
        RepeatSettings.defaults(),
        false);
  }

  /**
   * @param repeats how far asking again may go once live traffic stops
   * @param sharedHost whether the Host of a request as judged is the one all three targets were
   *     sent (the client's, kept); otherwise each was sent its own host and port
   */
  public LiveJudgement(
      ResponseDiffer differ,
      EndpointGrouper grouper,
      FindingCollector collector,
      long maxBodyBytes,
      UnaryOperator<ExampleExchange> sanitizer,
      String primaryUrl,
      String secondaryUrl,
      String candidateUrl,
      RepeatSettings repeats,
      boolean sharedHost) {
    this.comparison =
        Comparison.of(
            Objects.requireNonNull(differ, "differ"),
            Objects.requireNonNull(grouper, "grouper"),
            Objects.requireNonNull(collector, "collector"));
    this.repeatSettings = Objects.requireNonNull(repeats, "repeats");
    this.repeats = Repeats.none(repeats);
    this.tally =
        new RunTally(
            comparison,
            maxBodyBytes,
            primaryUrl,
            secondaryUrl,
            candidateUrl,
            sanitizer == null ? UnaryOperator.identity() : sanitizer,
            ExampleKeeper.MAX_EXAMPLES,
            AnswerOrigins.ofUrls(primaryUrl, secondaryUrl, candidateUrl, sharedHost));
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
    return judgeFirst(id, shown, primary, secondary, candidate).analysis();
  }

  /**
   * What judging a live exchange gave back.
   *
   * @param analysis for live counters
   * @param request how to name the request to ask it again; null unless the candidate differed and
   *     the request only reads, the only requests asking again could need
   */
  public record Judged(Analysis analysis, RequestRef request) {}

  /** Judges one exchange, as {@link #judge}, and says how to name it to ask it again. */
  public Judged judgeFirst(
      String id, HttpRequestData shown, Sent primary, Sent secondary, Sent candidate) {
    return judgeFirst(id, shown, primary, secondary, candidate, null);
  }

  /**
   * Judges one exchange, as {@link #judge}, and says how to name it to ask it again.
   *
   * @param sentAt when the request arrived: a read after a write the mirrors did not all take may
   *     see their states apart; null when unknown (counted as after every such write)
   */
  public Judged judgeFirst(
      String id,
      HttpRequestData shown,
      Sent primary,
      Sent secondary,
      Sent candidate,
      Instant sentAt) {
    handOverNotMirrored();
    boolean repeatable = Repeatability.whyNot(shown, repeatSettings) == null;
    if (!repeatable) {
      wroteSomething = true; // a mirrored write: no read can be asked again in the state it saw
    }
    ExchangeAnalyzer.Analyzed a =
        tally.analyzer.analyzeFirst(id, shown, primary, secondary, candidate, sentAt);
    boolean wanted = a.candidateDiffered() && a.request() != null && repeatable;
    return new Judged(a.analysis(), wanted ? a.request() : null);
  }

  /**
   * Asks again, as a check does after its corpus, the requests that could decide what live traffic
   * left undecided, within {@code limits}, and keeps what it cost for the next snapshot.
   *
   * @param concurrency requests asked again at once at most
   * @param unavailable why a request cannot be asked again, or null when it can
   * @param ask sends a request again and judges it with {@link #judgeRepeat}; completes with
   *     whether it was compared
   */
  public Repeats askAgain(
      int concurrency,
      Function<RequestRef, String> unavailable,
      Function<RequestRef, CompletableFuture<Boolean>> ask) {
    Repeater repeater = new Repeater(repeatSettings, comparison, concurrency, System::nanoTime);
    Repeats r =
        wroteSomething
            ? repeater.run(ref -> Repeatability.AFTER_WRITES, ref -> null, ReplayProgress.NONE)
            : repeater.run(unavailable, ask::apply, ReplayProgress.NONE);
    repeats = r;
    return r;
  }

  /** What asking again has cost so far. */
  public Repeats repeats() {
    return repeats;
  }

  /**
   * Judges one more ask of a request judged before. In a shadow the primary is production and is
   * not asked again: its one answer is compared with the secondary's and the candidate's new ones.
   *
   * @return whether it was compared
   */
  public boolean judgeRepeat(RequestRef request, Sent primary, Sent secondary, Sent candidate) {
    return tally.analyzer.analyzeRepeat(request, primary, secondary, candidate);
  }

  /** Counts a request that was not compared, for a stated reason. */
  public void skipped(String reason, String detail) {
    tally.skips.count(new Preparation.Skip(reason, detail));
  }

  /** Counts a request of a known method and path that was not compared, for a stated reason. */
  public void skipped(String reason, String detail, String method, String path) {
    tally.skips.count(new Preparation.Skip(reason, detail), comparison.endpointOf(method, path));
  }

  /**
   * Notes a write that reached the primary alone because it was not mirrored (by policy): reads
   * after it may find the mirrors without what it wrote. Takes no lock and never blocks, so the
   * proxy's I/O threads may call it.
   *
   * @param at when it arrived
   * @param why why it was not mirrored, for the report
   */
  public void notMirrored(String method, String path, Instant at, String why) {
    Endpoint endpoint = comparison.endpointOf(method, path);
    notMirrored
        .computeIfAbsent(
            endpoint,
            e ->
                new NotMirrored(new DriftingWrite(e, at, List.of("primary"), why), new LongAdder()))
        .pending()
        .increment();
  }

  private void handOverNotMirrored() {
    for (NotMirrored n : notMirrored.values()) {
      long times = n.pending().sumThenReset();
      if (times > 0) {
        comparison.writeDrifted(n.first(), times);
      }
    }
  }

  /** Everything judged so far, with its verdict. */
  public CheckResult snapshot(RunInfo info, long requests) {
    handOverNotMirrored();
    return tally.result(info, requests, repeats);
  }
}
