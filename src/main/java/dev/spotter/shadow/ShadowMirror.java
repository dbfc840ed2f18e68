package dev.spotter.shadow;

import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.proxy.BackgroundPriority;
import dev.spotter.proxy.ByteBudget;
import dev.spotter.proxy.EventLog;
import dev.spotter.proxy.ExchangeObserver;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ObservedExchange;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.proxy.UpstreamRequest;
import dev.spotter.proxy.UpstreamResponse;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.LiveJudgement;
import dev.spotter.replay.RepeatPool;
import dev.spotter.replay.Repeats;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.Sent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The shadow's policy on the proxy: decides which live requests are mirrored, sends each to the
 * secondary and the candidate once the client has its answer, and judges the three answers with the
 * check's diff and noise logic. The client never waits for any of it: decisions take no lock and
 * never block, mirrors go through their own client (own threads, pools and timeouts), judging runs
 * on its own threads, and at most {@link ShadowSettings#maxInFlight()} exchanges are mirrored or
 * judged at once; beyond that new ones are dropped and counted.
 */
public final class ShadowMirror implements ExchangeObserver, AutoCloseable {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /** Requests asked again at once, at most, once traffic has stopped. */
  private static final int ASK_AGAIN_CONCURRENCY = 8;

  private final ShadowSettings settings;
  private final UpstreamClient client;
  private final LiveJudgement judgement;
  private final DoubleSupplier random;
  private final ExecutorService judges;
  private final ShadowMetrics metrics;
  private final ByteBudget memory;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong mostInFlight = new AtomicLong();
  private final AtomicLong mirroredExchanges = new AtomicLong();
  private final AtomicLong droppedExchanges = new AtomicLong();
  private final AtomicLong candidateFailures = new AtomicLong();
  private final RepeatPool<Kept> repeatable = new RepeatPool<>();
  private final AtomicLong secondaryFailures = new AtomicLong();
  private volatile boolean closing;

  /**
   * @param client the client mirrors are sent through, built from {@link
   *     ShadowSettings#clientSettings()} (best with {@link UpstreamClient#forBackground}); closed
   *     with this mirror
   * @param judgement judges the answers; this shadow's alone
   */
  public ShadowMirror(
      ShadowSettings settings,
      UpstreamClient client,
      LiveJudgement judgement,
      MeterRegistry registry) {
    this(settings, client, judgement, registry, () -> ThreadLocalRandom.current().nextDouble());
  }

  ShadowMirror(
      ShadowSettings settings,
      UpstreamClient client,
      LiveJudgement judgement,
      MeterRegistry registry,
      DoubleSupplier random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = Objects.requireNonNull(client, "client");
    this.judgement = Objects.requireNonNull(judgement, "judgement");
    this.random = random;
    this.metrics = new ShadowMetrics(registry, inFlight);
    this.memory = new ByteBudget(settings.maxInFlightBytes());
    AtomicInteger n = new AtomicInteger();
    this.judges =
        Executors.newFixedThreadPool(
            settings.judgeThreads(),
            BackgroundPriority.lowered(
                r -> {
                  Thread t = new Thread(r, "spotter-judge-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                }));
  }

  @Override
  public boolean observe(String method, String uri) {
    requests.incrementAndGet();
    metrics.request();
    if (closing) {
      return false;
    }
    if (!settings.allowSideEffects() && !SAFE_METHODS.contains(method)) {
      String why = method + " is not mirrored without --allow-side-effects";
      skip("side_effect_method", why, method, uri);
      // the primary takes it and the mirrors do not: reads after it may find them apart
      judgement.notMirrored(
          method, pathOf(uri), Instant.now(), "not mirrored without --allow-side-effects");
      return false;
    }
    if (method.equals("CONNECT")) {
      skip("unsupported_method", "CONNECT opens a tunnel and is never mirrored");
      return false;
    }
    if (settings.sampleRate() < 1 && random.getAsDouble() >= settings.sampleRate()) {
      skip("sampled_out", "not in the sample (--sample " + settings.sampleRate() + ")");
      return false;
    }
    return true;
  }

  @Override
  public void completed(ObservedExchange exchange) {
    if (exchange.requestBody().truncated()) {
      skip(
          "request_body_truncated",
          "the request body was longer than the body cap, so it cannot be mirrored whole");
      return;
    }
    if (exchange.responseBody().truncated()
        && exchange.responseBody().length() < settings.maxBodyBytes()) {
      skip(
          "primary_body_not_kept",
          "the proxy's memory budget for copies was spent, so the primary's answer was not kept"
              + " whole");
      return;
    }
    // until they answer, each mirror's answer is counted as large as the primary's
    long weight = exchange.requestBody().length() + 3L * exchange.responseBody().length();
    if (!enter()) {
      drop("mirror_queue_full", "--queue", settings.maxInFlight() + " exchanges");
      return;
    }
    if (!memory.tryReserve(weight)) {
      leave();
      drop("mirror_memory_full", "--queue-bytes", settings.maxInFlightBytes() + " bytes of bodies");
      return;
    }
    mostInFlight.accumulateAndGet(inFlight.get(), Math::max);
    try {
      mirror(exchange, weight);
    } catch (RuntimeException e) {
      memory.release(weight);
      leave();
      throw e;
    }
  }

  private void drop(String reason, String option, String bound) {
    droppedExchanges.incrementAndGet();
    metrics.dropped(reason);
    judgement.skipped(
        reason, "dropped because " + bound + " were already being mirrored (" + option + ")");
    EventLog.sampled("shadow.dropped", "reason", reason, "in_flight", inFlight.get());
  }

  private void mirror(ObservedExchange e, long weight) {
    mirroredExchanges.incrementAndGet();
    Sent primary =
        new Sent.Received(
            new UpstreamResponse(
                e.status(),
                e.responseHeaders(),
                e.responseBody().bytes(),
                e.responseBody().originalSize(),
                e.responseBody().truncated(),
                e.latencyNanos()));
    CompletableFuture<Sent> secondary = send("secondary", settings.secondaryOrPrimary(), e);
    CompletableFuture<Sent> candidate = send("candidate", settings.candidate(), e);
    CompletableFuture.allOf(secondary, candidate)
        .whenComplete(
            (ignored, error) -> {
              try {
                judges.execute(() -> judge(e, weight, primary, secondary, candidate));
              } catch (RejectedExecutionException closed) {
                memory.release(weight);
                leave();
              }
            });
  }

  private CompletableFuture<Sent> send(String role, ForwardTarget target, ObservedExchange e) {
    return send(role, target, e, true);
  }

  /**
   * @param live whether this mirrors live traffic: the mirror's counters and metrics describe live
   *     mirroring only; asking again once traffic stopped is reported by its own summary
   */
  private CompletableFuture<Sent> send(
      String role, ForwardTarget target, ObservedExchange e, boolean live) {
    UpstreamRequest request = MirrorRequests.build(target, e, settings.preserveHost());
    try {
      return client
          .send(target.upstream(), request, settings.mirrorTimeout())
          .handle(
              (response, error) -> {
                // on the mirror client's I/O thread: only count and wrap
                Sent sent = Sent.of(response, error);
                if (!live) {
                  return sent;
                }
                metrics.mirrored(
                    role, response != null, response == null ? 0 : response.latencyNanos());
                if (response == null) {
                  (role.equals("candidate") ? candidateFailures : secondaryFailures)
                      .incrementAndGet();
                  EventLog.sampled(
                      "shadow.mirror_failed",
                      "target",
                      role,
                      "error",
                      sent instanceof Sent.Lost lost ? lost.message() : String.valueOf(error));
                }
                return sent;
              });
    } catch (RuntimeException ex) {
      return CompletableFuture.completedFuture(Sent.of(null, ex));
    }
  }

  private void judge(
      ObservedExchange e,
      long weight,
      Sent primary,
      CompletableFuture<Sent> secondaryAnswer,
      CompletableFuture<Sent> candidateAnswer) {
    try {
      // joined inside the try: whatever happened to them, the slot and its memory are given back
      Sent secondary = secondaryAnswer.join();
      Sent candidate = candidateAnswer.join();
      // the Host shown is the one all three were sent; each got its own when it is not kept
      Headers sent =
          settings.preserveHost() ? e.forwardedHeaders() : e.forwardedHeaders().without("Host");
      HttpRequestData shown =
          new HttpRequestData(e.method(), e.pathAndQuery(), sent, e.requestBody());
      LiveJudgement.Judged judged =
          judgement.judgeFirst(
              Long.toString(e.sequence()), shown, primary, secondary, candidate, e.startedAt());
      metrics.compared(judged.analysis());
      if (judged.request() != null) {
        // the candidate differed on a request that only reads: kept, to be asked again if its
        // finding is still undecided when traffic stops
        repeatable.keep(judged.request(), new Kept(e, primary), weight);
      }
    } catch (RuntimeException ex) {
      EventLog.sampled("shadow.judge_failed", "error", ex.toString());
    } finally {
      memory.release(weight);
      leave();
    }
  }

  private void skip(String reason, String detail) {
    metrics.skipped(reason);
    judgement.skipped(reason, detail);
  }

  /** Skips a request of a known endpoint, so the report can say which endpoints it left out. */
  private void skip(String reason, String detail, String method, String uri) {
    metrics.skipped(reason);
    judgement.skipped(reason, detail, method, pathOf(uri));
  }

  private static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  private boolean enter() {
    while (true) {
      long now = inFlight.get();
      if (now >= settings.maxInFlight()) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  private void leave() {
    inFlight.decrementAndGet();
  }

  /** A mirrored request kept to be asked again, and the primary's one answer to compare with. */
  private record Kept(ObservedExchange exchange, Sent primary) {}

  /**
   * Waits up to {@code timeout} for the exchanges in flight to be judged, once no new ones come.
   *
   * @return exchanges still in flight at the deadline
   */
  public long awaitJudged(Duration timeout) {
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return inFlight.get();
  }

  /**
   * Once live traffic has stopped, asks the secondary and the candidate again the mirrored requests
   * that could decide what is still undecided, as a check does after its corpus; the primary is
   * production and is not asked again: its one answer is what both are compared with. Only requests
   * that read are asked again, within the judgement's repeat settings.
   */
  public Repeats askAgain() {
    return judgement.askAgain(
        ASK_AGAIN_CONCURRENCY,
        ref -> repeatable.get(ref) == null ? repeatable.whyNot(ref) : null,
        ref -> {
          Kept kept = repeatable.get(ref);
          CompletableFuture<Sent> secondary =
              send("secondary", settings.secondaryOrPrimary(), kept.exchange(), false);
          CompletableFuture<Sent> candidate =
              send("candidate", settings.candidate(), kept.exchange(), false);
          return CompletableFuture.allOf(secondary, candidate)
              .handleAsync(
                  (ignored, error) ->
                      judgement.judgeRepeat(
                          ref, kept.primary(), secondary.join(), candidate.join()),
                  judges);
        });
  }

  /** Everything judged so far, as the result of a run with this id, source and start. */
  public CheckResult snapshot(String runId, String source, Instant startedAt, Instant now) {
    CheckResult result = judgement.snapshot(infoFor(runId, source, startedAt, now), requests.get());
    metrics.snapshot(result);
    return result;
  }

  private RunInfo infoFor(String runId, String source, Instant startedAt, Instant now) {
    return new RunInfo(
        runId == null ? "" : runId,
        source,
        settings.primary().url(),
        settings.secondaryOrPrimary().url(),
        settings.secondary() == null,
        settings.candidate().url(),
        startedAt,
        now,
        settings.maxInFlight(),
        0,
        settings.mirrorTimeout(),
        settings.allowSideEffects(),
        RunInfo.SHADOW);
  }

  /** Requests seen so far. */
  public long requests() {
    return requests.get();
  }

  /** Exchanges sent to the mirrors so far. */
  public long mirrored() {
    return mirroredExchanges.get();
  }

  /** Exchanges dropped because the queue was full. */
  public long dropped() {
    return droppedExchanges.get();
  }

  /** Mirrored requests the candidate gave no answer to. */
  public long candidateFailures() {
    return candidateFailures.get();
  }

  /** Mirrored requests the secondary gave no answer to. */
  public long secondaryFailures() {
    return secondaryFailures.get();
  }

  /** Exchanges being mirrored or judged now. */
  public long inFlight() {
    return inFlight.get();
  }

  /** The most exchanges ever mirrored or judged at once: never above the queue's size. */
  public long mostInFlight() {
    return mostInFlight.get();
  }

  /**
   * Stops mirroring new requests, waits up to {@code timeout} for the exchanges in flight to be
   * judged, then stops the judging threads and the mirror client.
   *
   * @return exchanges still in flight at the deadline (not judged)
   */
  public long close(Duration timeout) {
    long left = awaitJudged(timeout);
    judges.shutdown();
    try {
      judges.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    return left;
  }

  /** Closes, waiting for what is in flight as long as a mirrored request may take and 5 s. */
  @Override
  public void close() {
    close(settings.mirrorTimeout().plusSeconds(5));
  }
}
