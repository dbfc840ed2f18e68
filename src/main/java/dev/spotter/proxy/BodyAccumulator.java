package dev.spotter.proxy;

import dev.spotter.model.Body;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Collects a body into one byte array up to a cap; bytes past the cap are counted and dropped.
 * Sized from Content-Length when the sender gave one, so the usual body is copied exactly once,
 * from the network buffer into its final array. With a {@link ByteBudget}, the array is reserved
 * from it before it is allocated or grown, and once the budget says no the rest is only counted, as
 * if the cap had been reached; {@link #releaseBudget()} gives the reservation back.
 */
final class BodyAccumulator {
  private static final int UNKNOWN_LENGTH_START = 8 * 1024;
  private static final byte[] NONE = new byte[0];

  private final long cap;
  private final long expectedLength;
  private final ByteBudget budget; // null: no budget
  private byte[] bytes = NONE;
  private int kept;
  private long total;
  private boolean cut;
  private long reserved;

  BodyAccumulator(long cap, long contentLength) {
    this(cap, contentLength, null);
  }

  BodyAccumulator(long cap, long contentLength, ByteBudget budget) {
    this.cap = cap;
    this.expectedLength = contentLength;
    this.budget = budget;
  }

  void append(ByteBuf content) {
    int n = content.readableBytes();
    total += n;
    if (cut || n == 0) {
      return;
    }
    int take = (int) Math.min(n, cap - kept);
    if (take <= 0) {
      cut = true;
      return;
    }
    if (!ensureCapacity(kept + take)) {
      cut = true;
      return;
    }
    content.getBytes(content.readerIndex(), bytes, kept, take);
    kept += take;
  }

  /** Grows the array to hold {@code needed} bytes; false when the budget does not allow it. */
  private boolean ensureCapacity(int needed) {
    if (needed <= bytes.length) {
      return true;
    }
    long start = expectedLength >= needed ? expectedLength : UNKNOWN_LENGTH_START;
    long grown = Math.max(needed, bytes.length == 0 ? start : (long) bytes.length * 2);
    int size = (int) Math.min(grown, cap);
    if (budget != null) {
      if (!budget.tryReserve(size - bytes.length)) {
        size = needed; // the generous size did not fit; the exact one may
        if (!budget.tryReserve(size - bytes.length)) {
          return false;
        }
      }
      reserved += size - bytes.length;
    }
    bytes = Arrays.copyOf(bytes, size);
    return true;
  }

  /** The kept bytes; the internal array itself when it is exactly full. */
  byte[] bytes() {
    return kept == bytes.length ? bytes : Arrays.copyOf(bytes, kept);
  }

  long total() {
    return total;
  }

  boolean truncated() {
    return total > kept;
  }

  /** The kept bytes as a body: its original size and whether it was cut. */
  Body body() {
    return total == 0 ? Body.EMPTY : new Body(bytes(), total, truncated());
  }

  /** Gives back to the budget what this accumulator reserved; it keeps its bytes. */
  void releaseBudget() {
    if (budget != null && reserved > 0) {
      budget.release(reserved);
      reserved = 0;
    }
  }
}
