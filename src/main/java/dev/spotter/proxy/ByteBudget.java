package dev.spotter.proxy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number of bytes shared by many holders: each reserves before it keeps bytes and gives them back
 * when done, so what all of them hold together never exceeds the limit. Lock-free; safe from any
 * thread.
 */
public final class ByteBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  public ByteBudget(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a byte budget cannot be negative: " + limit);
    }
    this.limit = limit;
  }

  /** Reserves {@code bytes} if they fit; returns false (reserving nothing) when they do not. */
  public boolean tryReserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    while (true) {
      long now = used.get();
      long next = now + bytes;
      if (next > limit || next < 0) {
        return false;
      }
      if (used.compareAndSet(now, next)) {
        return true;
      }
    }
  }

  /** Gives back bytes reserved earlier. */
  public void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }
}
