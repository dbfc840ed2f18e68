package dev.spotter.capture;

import dev.spotter.proxy.ObservedExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exchanges between the proxy's I/O threads and the recorder's writer, bounded by count and by
 * body bytes. Offering never waits: an exchange that does not fit is refused and the caller sheds
 * it. Lock-free: reservations are compare-and-set loops on two counters.
 *
 * <p>An exchange counts against the bounds from {@link #offer} until the writer {@link #release}s
 * it after its batch was written, not merely taken: the bounds then cap the memory held, however
 * slow the store.
 */
final class RecordQueue {
  private final Queue<ObservedExchange> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger offering = new AtomicInteger();
  private final int maxCount;
  private final long maxBytes;
  private final int batchSize;
  private final Runnable batchReady;
  private volatile boolean closed;

  /**
   * @param batchReady called (it must not block) when the queue just reached a full batch, so the
   *     writer need not wait for its interval
   */
  RecordQueue(int maxCount, long maxBytes, int batchSize, Runnable batchReady) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.batchSize = batchSize;
    this.batchReady = batchReady;
  }

  /** Queues the exchange if both bounds allow it and the queue is open; never waits. */
  boolean offer(ObservedExchange exchange) {
    // Announced before reading `closed`, so close() can wait for offers that saw it open.
    offering.incrementAndGet();
    try {
      if (closed || !reserve(exchange.heldBytes())) {
        return false;
      }
      items.add(exchange);
    } finally {
      offering.decrementAndGet();
    }
    if (count.get() == batchSize) {
      batchReady.run();
    }
    return true;
  }

  private boolean reserve(long held) {
    int c;
    do {
      c = count.get();
      if (c >= maxCount) {
        return false;
      }
    } while (!count.compareAndSet(c, c + 1));
    long b;
    do {
      b = bytes.get();
      if (b + held > maxBytes) {
        count.decrementAndGet();
        return false;
      }
    } while (!bytes.compareAndSet(b, b + held));
    return true;
  }

  /**
   * Takes up to {@code max} exchanges, oldest first; they count against the bounds until released.
   */
  List<ObservedExchange> take(int max) {
    List<ObservedExchange> batch = new ArrayList<>(Math.min(max, Math.max(1, count.get())));
    ObservedExchange e;
    while (batch.size() < max && (e = items.poll()) != null) {
      batch.add(e);
    }
    return batch;
  }

  /** Frees the room of exchanges taken and now written (or given up on). */
  void release(List<ObservedExchange> batch) {
    long held = 0;
    for (ObservedExchange e : batch) {
      held += e.heldBytes();
    }
    bytes.addAndGet(-held);
    count.addAndGet(-batch.size());
  }

  /**
   * Refuses every later offer and returns once offers already past the check have queued their
   * exchange: after this, what {@link #take} finds is all there will ever be.
   */
  void close() {
    closed = true;
    while (offering.get() > 0) {
      Thread.onSpinWait(); // an offer never blocks, so this lasts nanoseconds
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Exchanges queued or being written. */
  int size() {
    return count.get();
  }

  /** Body bytes queued or being written. */
  long bytes() {
    return bytes.get();
  }
}
