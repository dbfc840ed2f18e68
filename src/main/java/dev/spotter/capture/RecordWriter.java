package dev.spotter.capture;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.EventLog;
import dev.spotter.proxy.ObservedExchange;
import dev.spotter.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The recorder's one writer thread: takes up to a batch from the queue at least every flush
 * interval (at once while full batches are waiting), converts and redacts it, hands it to the
 * stream publisher (if any) and appends it to the store (if any) in one transaction, keyed by
 * capture id so that a batch written twice is stored once. A failing store or stream costs the
 * batch, counted and logged, never the thread.
 */
final class RecordWriter implements Runnable {
  static final String THREAD_NAME = "spotter-recorder";

  private final RecordQueue queue;
  private final RecordConversion conversion;
  private final Store store; // null when recording only to a stream
  private final ExchangePublisher publisher; // null when recording only to the store
  private final ExchangePublisher.Outcomes outcomes;
  private final String corpus;
  private final int maxBatch;
  private final long flushNanos;
  private final RecordMetrics metrics;
  private final Thread thread;
  // A flag, not only unpark's permit: the store's own locks may park this thread and eat a permit.
  private final AtomicBoolean wakeup = new AtomicBoolean();
  private volatile boolean stopping;

  RecordWriter(
      RecordQueue queue,
      RecordConversion conversion,
      Store store,
      ExchangePublisher publisher,
      RecordSettings settings,
      RecordMetrics metrics) {
    this.queue = queue;
    this.conversion = conversion;
    this.store = store;
    this.publisher = publisher;
    this.outcomes = new PublishOutcomes(metrics, settings.corpus(), publisher);
    this.corpus = settings.corpus();
    this.maxBatch = settings.maxBatch();
    this.flushNanos = settings.flushInterval().toNanos();
    this.metrics = metrics;
    this.thread = new Thread(this, THREAD_NAME);
    thread.setDaemon(true); // a forgotten close() must not keep the JVM alive
    thread.setUncaughtExceptionHandler(
        (t, e) -> EventLog.warn("record.writer_died", "corpus", corpus, "error", e));
  }

  void start() {
    thread.start();
  }

  /** Asks for a write now rather than at the end of the interval; never blocks. */
  void wake() {
    if (!wakeup.getAndSet(true)) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Writes what is left and ends the thread, waiting for it; call after {@link
   * RecordQueue#close()}, so that what is left is all there will be.
   *
   * @return whether the waiting thread was interrupted meanwhile (the flag is cleared)
   */
  boolean stopAndJoin() {
    stopping = true;
    wake();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // the queue must still be written: finish, the caller restores it
      }
    }
    return interrupted;
  }

  @Override
  public void run() {
    // nothing is queued yet: the first batch is due a flush interval from now, or when full
    awaitWakeOrInterval();
    while (true) {
      // Read before taking: once set, the queue is closed, so an empty take means all is written.
      boolean last = stopping;
      // Cleared before taking: a wake after this point is seen below, one before it is for
      // exchanges this take finds.
      wakeup.set(false);
      int taken = writeBatch();
      if (last && taken == 0) {
        return;
      }
      if (!last && taken < maxBatch) {
        awaitWakeOrInterval();
      }
    }
  }

  private void awaitWakeOrInterval() {
    long deadline = System.nanoTime() + flushNanos;
    long left = flushNanos;
    while (!wakeup.get() && left > 0) {
      LockSupport.parkNanos(this, left);
      left = deadline - System.nanoTime();
    }
  }

  /** Writes one batch; returns how many exchanges it took from the queue. */
  int writeBatch() {
    List<ObservedExchange> taken = queue.take(maxBatch);
    if (taken.isEmpty()) {
      return 0;
    }
    try {
      List<Exchange> batch = new ArrayList<>(taken.size());
      for (ObservedExchange o : taken) {
        RecordConversion.Converted c = convert(o);
        if (c != null) {
          batch.add(c.exchange());
        }
      }
      append(batch);
    } finally {
      queue.release(taken);
    }
    return taken.size();
  }

  private RecordConversion.Converted convert(ObservedExchange o) {
    try {
      RecordConversion.Converted c = conversion.convert(o);
      if (c.undecodable()) {
        metrics.undecodable.increment();
      }
      return c;
    } catch (RuntimeException e) {
      // one odd exchange must not cost its whole batch
      metrics.failed.increment();
      EventLog.sampled(
          "record.convert_failed", "corpus", corpus, "uri", o.uri(), "error", describe(e));
      return null;
    }
  }

  private void append(List<Exchange> batch) {
    if (batch.isEmpty()) {
      return;
    }
    // first the stream, which only hands the batch over, then the store, which waits for the disk
    if (publisher != null) {
      publish(batch);
    }
    if (store != null) {
      store(batch);
    }
  }

  private void publish(List<Exchange> batch) {
    try {
      publisher.publish(batch, outcomes);
    } catch (RuntimeException e) {
      // a publisher reports its own failures; one that throws instead loses the batch all the same
      outcomes.failed(batch.size(), describe(e));
    }
  }

  private void store(List<Exchange> batch) {
    try {
      appendCaptured(batch);
    } catch (RuntimeException e) {
      // a full disk or a locked store: the proxy keeps serving, later batches may succeed
      metrics.failed.add(batch.size());
      EventLog.sampled(
          "record.append_failed",
          "corpus",
          corpus,
          "exchanges",
          batch.size(),
          "error",
          describe(e));
      return;
    }
    // counted only once the store acknowledged the transaction
    metrics.recorded.add(batch.size());
    metrics.flushes.increment();
  }

  /**
   * Appends by capture id, once more if the store says trying again may help: the first attempt may
   * have committed before it failed, and the capture ids make the second one skip what it did.
   */
  private void appendCaptured(List<Exchange> batch) {
    try {
      store.appendCaptured(corpus, batch);
    } catch (SpotterException e) {
      if (!e.retryable()) {
        throw e;
      }
      EventLog.sampled(
          "record.append_retried",
          "corpus",
          corpus,
          "exchanges",
          batch.size(),
          "error",
          describe(e));
      store.appendCaptured(corpus, batch);
    }
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
