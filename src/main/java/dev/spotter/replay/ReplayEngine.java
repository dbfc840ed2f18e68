package dev.spotter.replay;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.UpstreamClient;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check: streams a corpus, sends each request to primary, secondary (or the primary again)
 * and candidate at the same time, and compares the answers. At most {@code concurrency} exchanges
 * are in flight, so memory stays bounded however long the corpus is; request starts can be paced to
 * a rate. Comparing runs on a small worker pool, never on the client's I/O threads. Then, when the
 * recorded traffic left findings undecided, asks the requests that could decide them again, within
 * the budget of {@link RepeatSettings} (see {@link Repeater}). An engine runs one check; the client
 * it is given stays open for the caller to close.
 */
public final class ReplayEngine {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayEngine.class);
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final ReplaySettings settings;
  private final UpstreamClient client;
  private final Comparison comparison;
  private final ReplayProgress progress;
  private final UnaryOperator<ExampleExchange> sanitizer;
  private final int maxExamples;
  private final ReplayTargets targets;
  private final RepeatSettings repeats;
  private final AtomicBoolean used = new AtomicBoolean();

  /**
   * @param settings URLs and bounds of the replay
   * @param client the client requests go through; its pools must allow {@link
   *     ReplaySettings#connectionsPerTarget()} connections (see {@link
   *     ReplaySettings#clientSettings()})
   * @param differ compares two answers
   * @param grouper puts a request under its endpoint
   * @param collector counts differences and judges them; gathers the findings of this one run
   * @param progress told how far the run has come
   * @param sanitizer applied to every example before it is kept (redaction)
   */
  public ReplayEngine(
      ReplaySettings settings,
      UpstreamClient client,
      ResponseDiffer differ,
      EndpointGrouper grouper,
      FindingCollector collector,
      ReplayProgress progress,
      UnaryOperator<ExampleExchange> sanitizer) {
    this(
        settings,
        RepeatSettings.defaults(),
        client,
        differ,
        grouper,
        collector,
        progress,
        sanitizer);
  }

  /**
   * @param repeats how far the check may go asking requests again to decide what is undecided
   */
  public ReplayEngine(
      ReplaySettings settings,
      RepeatSettings repeats,
      UpstreamClient client,
      ResponseDiffer differ,
      EndpointGrouper grouper,
      FindingCollector collector,
      ReplayProgress progress,
      UnaryOperator<ExampleExchange> sanitizer) {
    this(
        settings,
        repeats,
        client,
        Comparison.of(
            Objects.requireNonNull(differ, "differ"),
            Objects.requireNonNull(grouper, "grouper"),
            Objects.requireNonNull(collector, "collector")),
        progress,
        sanitizer,
        ExampleKeeper.MAX_EXAMPLES);
  }

  ReplayEngine(
      ReplaySettings settings,
      UpstreamClient client,
      Comparison comparison,
      ReplayProgress progress,
      UnaryOperator<ExampleExchange> sanitizer,
      int maxExamples) {
    this(settings, RepeatSettings.defaults(), client, comparison, progress, sanitizer, maxExamples);
  }

  ReplayEngine(
      ReplaySettings settings,
      RepeatSettings repeats,
      UpstreamClient client,
      Comparison comparison,
      ReplayProgress progress,
      UnaryOperator<ExampleExchange> sanitizer,
      int maxExamples) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.repeats = Objects.requireNonNull(repeats, "repeats");
    this.client = Objects.requireNonNull(client, "client");
    this.comparison = Objects.requireNonNull(comparison, "comparison");
    this.progress = progress == null ? ReplayProgress.NONE : progress;
    this.sanitizer = sanitizer == null ? UnaryOperator.identity() : sanitizer;
    this.maxExamples = maxExamples;
    this.targets = new ReplayTargets(settings, client);
  }

  /**
   * Replays every exchange of {@code exchanges} and judges the answers.
   *
   * @param exchanges the corpus, read once and not kept
   * @param expectedTotal how many exchanges it holds, for progress; negative when unknown
   * @param sourceDescription where they came from, such as {@code corpus demo}
   * @throws SpotterException when reading the corpus fails or the run is interrupted; requests in
   *     flight are finished first
   */
  public CheckResult run(
      Iterator<Exchange> exchanges, long expectedTotal, String sourceDescription) {
    if (!used.compareAndSet(false, true)) {
      throw new IllegalStateException("a ReplayEngine runs one check; make a new one");
    }
    Instant startedAt = Instant.now();
    Run run = new Run(expectedTotal);
    ExecutorService workers = Executors.newFixedThreadPool(workerCount(), workerThreads());
    Repeats asked;
    try {
      RuntimeException failure = null;
      try {
        run.dispatchAll(exchanges, workers);
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        run.drain();
      }
      if (failure != null) {
        throw failure;
      }
      run.reportProgress(true);
      asked = run.askAgain(workers);
    } finally {
      workers.shutdown();
    }
    return run.result(startedAt, Instant.now(), sourceDescription, asked);
  }

  private int workerCount() {
    return Math.max(
        1, Math.min(settings.concurrency(), Runtime.getRuntime().availableProcessors()));
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "spotter-compare-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The state of one run; the dispatching fields belong to the caller's thread. */
  private final class Run {
    private final long expectedTotal;
    private final Semaphore slots = new Semaphore(settings.concurrency());
    private final Pacer pacer = new Pacer(settings.ratePerSecond());
    private final RequestPreparer preparer = new RequestPreparer(settings);
    private final RunTally tally =
        new RunTally(
            comparison,
            settings.maxBodyBytes(),
            targets.primary.url(),
            targets.secondary.url(),
            targets.candidate.url(),
            sanitizer,
            maxExamples,
            AnswerOrigins.of(settings));
    private final AtomicLong done = new AtomicLong();
    private final RepeatPool<Preparation.Ready> pool = new RepeatPool<>();
    private long read;
    private long lastProgressNanos = System.nanoTime();

    /** A write was sent: no read of this check can be asked again in the state it first saw. */
    private boolean wroteSomething;

    Run(long expectedTotal) {
      this.expectedTotal = expectedTotal;
    }

    void dispatchAll(Iterator<Exchange> exchanges, ExecutorService workers) {
      while (exchanges.hasNext()) {
        Exchange exchange = exchanges.next();
        read++;
        Preparation prepared = preparer.prepare(exchange.request());
        if (prepared instanceof Preparation.Skip skip) {
          tally.skips.count(
              skip, comparison.endpointOf(exchange.request().method(), exchange.request().path()));
          done.incrementAndGet();
        } else {
          acquireSlot();
          boolean dispatched = false;
          try {
            if (!pacer.awaitSlot()) {
              throw interrupted();
            }
            dispatch(exchange.id(), (Preparation.Ready) prepared, workers);
            dispatched = true;
          } finally {
            if (!dispatched) {
              slots.release(); // the analysis that would have released it will never run
            }
          }
        }
        reportProgress(false);
      }
    }

    /** Sends the three requests at once; the analysis runs when the last one is in. */
    private void dispatch(String id, Preparation.Ready ready, ExecutorService workers) {
      String notRepeatable = Repeatability.whyNot(ready.shown(), repeats);
      if (notRepeatable != null) {
        wroteSomething = true;
      }
      Instant sentAt = Instant.now();
      ReplayTargets.Answers answers = targets.send(ready);
      answers
          .all()
          .whenCompleteAsync(
              (ignored, error) -> {
                try {
                  ExchangeAnalyzer.Analyzed analyzed =
                      tally.analyzer.analyzeFirst(
                          id,
                          ready.shown(),
                          answers.primary().join(),
                          answers.secondary().join(),
                          answers.candidate().join(),
                          sentAt);
                  if (analyzed.candidateDiffered() && analyzed.request() != null) {
                    if (notRepeatable == null) {
                      pool.keep(analyzed.request(), ready, Repeatability.size(ready.shown()));
                    } else {
                      pool.refuse(analyzed.request(), notRepeatable);
                    }
                  }
                } finally {
                  done.incrementAndGet();
                  slots.release();
                }
              },
              workers);
    }

    /** Asks again what could decide a finding the first asks left undecided. */
    Repeats askAgain(ExecutorService workers) {
      Repeater repeater =
          new Repeater(repeats, comparison, settings.concurrency(), System::nanoTime);
      if (wroteSomething) {
        // The writes changed the builds' state: a read asked now would not see what it saw.
        return repeater.run(ref -> Repeatability.AFTER_WRITES, ref -> null, progress);
      }
      return repeater.run(
          ref -> pool.get(ref) == null ? pool.whyNot(ref) : null,
          ref -> askOnce(ref, pool.get(ref), workers),
          progress);
    }

    private CompletableFuture<Boolean> askOnce(
        RequestRef ref, Preparation.Ready ready, ExecutorService workers) {
      ReplayTargets.Answers answers = targets.send(ready);
      return answers
          .all()
          .handleAsync(
              (ignored, error) ->
                  tally.analyzer.analyzeRepeat(
                      ref,
                      answers.primary().join(),
                      answers.secondary().join(),
                      answers.candidate().join()),
              workers);
    }

    private void acquireSlot() {
      try {
        while (!slots.tryAcquire(PROGRESS_INTERVAL_NANOS, TimeUnit.NANOSECONDS)) {
          reportProgress(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted();
      }
    }

    /** Waits for every exchange in flight, even after an interrupt, so nothing is left running. */
    void drain() {
      boolean interrupted = Thread.interrupted();
      int all = settings.concurrency();
      while (true) {
        try {
          if (slots.tryAcquire(all, PROGRESS_INTERVAL_NANOS, TimeUnit.NANOSECONDS)) {
            slots.release(all);
            break;
          }
          reportProgress(false);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    void reportProgress(boolean last) {
      long now = System.nanoTime();
      if (last || now - lastProgressNanos >= PROGRESS_INTERVAL_NANOS) {
        lastProgressNanos = now;
        progress.update(done.get(), expectedTotal);
      }
    }

    private SpotterException interrupted() {
      return new SpotterException(
          "replay.interrupted",
          "the check was interrupted after " + done.get() + " of " + read + " requests");
    }

    CheckResult result(Instant startedAt, Instant finishedAt, String source, Repeats asked) {
      CheckResult result =
          tally.result(RunInfo.ofCheck(settings, source, startedAt, finishedAt), read, asked);
      LOG.debug("check of {} finished: {}", source, result.summary());
      return result;
    }
  }
}
