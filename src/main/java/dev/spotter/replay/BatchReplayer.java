package dev.spotter.replay;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.UpstreamClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * Replays exchanges a batch at a time without judging them: what a worker of a distributed check
 * does with each batch it reads from the stream before it stores the answers. Keeps the bounds of a
 * check across batches: at most {@link ReplaySettings#concurrency()} exchanges in flight, starts
 * paced to {@link ReplaySettings#ratePerSecond()}, and the same preparation (side effects skipped
 * unless allowed, headers overridden) as {@link ReplayEngine}. One caller thread at a time.
 */
public final class BatchReplayer {
  private final ReplaySettings settings;
  private final ReplayTargets targets;
  private final RequestPreparer preparer;
  private final Pacer pacer;
  private final Semaphore slots;

  /**
   * @param client the client requests go through; its pools must allow {@link
   *     ReplaySettings#connectionsPerTarget()} connections (see {@link
   *     ReplaySettings#clientSettings()}); it stays open for the caller to close
   */
  public BatchReplayer(ReplaySettings settings, UpstreamClient client) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.targets = new ReplayTargets(settings, Objects.requireNonNull(client, "client"));
    this.preparer = new RequestPreparer(settings);
    this.pacer = new Pacer(settings.ratePerSecond());
    this.slots = new Semaphore(settings.concurrency());
  }

  /**
   * Replays every exchange of {@code batch} and waits for all answers.
   *
   * @return one result per exchange, in the order given
   * @throws SpotterException {@code replay.interrupted} when the thread is interrupted; requests in
   *     flight are finished first
   */
  public List<Replayed> replay(List<Exchange> batch) {
    return replay(batch, e -> true);
  }

  /**
   * Replays the exchanges of {@code batch} that {@code mayStart} allows at the moment each would
   * start (after waiting for its turn under the concurrency and the rate), and waits for their
   * answers: a caller with a deadline starts nothing after it.
   *
   * @return one result per exchange, in the order given; null for an exchange not started
   * @throws SpotterException {@code replay.interrupted} when the thread is interrupted; requests in
   *     flight are finished first
   */
  public List<Replayed> replay(List<Exchange> batch, Predicate<Exchange> mayStart) {
    List<CompletableFuture<Replayed>> pending = new ArrayList<>(batch.size());
    try {
      for (Exchange exchange : batch) {
        pending.add(start(exchange, mayStart));
      }
    } finally {
      // even when interrupted: nothing may be left running against the targets
      awaitAll(pending);
    }
    List<Replayed> results = new ArrayList<>(pending.size());
    for (CompletableFuture<Replayed> f : pending) {
      results.add(f.join());
    }
    return results;
  }

  private CompletableFuture<Replayed> start(Exchange exchange, Predicate<Exchange> mayStart) {
    Preparation prepared = preparer.prepare(exchange.request());
    if (prepared instanceof Preparation.Skip skip) {
      return CompletableFuture.completedFuture(
          mayStart.test(exchange)
              ? new Replayed.Skipped(exchange.id(), skip.reason(), skip.detail())
              : null);
    }
    Preparation.Ready ready = (Preparation.Ready) prepared;
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted();
    }
    if (!pacer.awaitSlot()) {
      slots.release();
      throw interrupted();
    }
    if (!mayStart.test(exchange)) {
      slots.release();
      return CompletableFuture.completedFuture(null);
    }
    ReplayTargets.Answers answers = targets.send(ready);
    return answers
        .all()
        .handle(
            (ignored, error) -> {
              slots.release();
              return new Replayed.Answered(
                  exchange.id(),
                  ready.shown(),
                  answers.primary().join(),
                  answers.secondary().join(),
                  answers.candidate().join());
            });
  }

  private static void awaitAll(List<CompletableFuture<Replayed>> pending) {
    boolean interrupted = Thread.interrupted();
    for (CompletableFuture<Replayed> f : pending) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          break; // cannot happen: every send completes normally with a Sent
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private SpotterException interrupted() {
    return new SpotterException(
        "replay.interrupted", "the replay of a batch was interrupted; requests in flight finished");
  }

  /** The bounds this replayer keeps, for the caller's logs. */
  public ReplaySettings settings() {
    return settings;
  }
}
