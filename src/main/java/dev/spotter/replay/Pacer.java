package dev.spotter.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces request starts evenly at a given rate. Slots follow each other exactly one interval apart,
 * so the average rate holds despite wake-up jitter; after a stall (all requests in flight) at most
 * one start is made early to catch up, never a burst.
 */
final class Pacer {
  private final long intervalNanos;
  private long nextStart;

  /** A pacer for {@code ratePerSecond} starts a second; 0 for no pacing. */
  Pacer(double ratePerSecond) {
    this.intervalNanos = ratePerSecond > 0 ? (long) (1_000_000_000L / ratePerSecond) : 0;
    this.nextStart = System.nanoTime();
  }

  /** Waits for the next slot; returns false when interrupted. Single caller thread. */
  boolean awaitSlot() {
    if (intervalNanos == 0) {
      return true;
    }
    long now = System.nanoTime();
    while (now < nextStart) {
      LockSupport.parkNanos(nextStart - now);
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
      now = System.nanoTime();
    }
    nextStart = Math.max(nextStart, now - intervalNanos) + intervalNanos;
    return true;
  }
}
