package dev.spotter.proxy;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Collects a response body into one byte array up to a cap; bytes past the cap are counted and
 * dropped. Sized from Content-Length when the server sends one, so the usual body is copied exactly
 * once, from the network buffer into its final array.
 */
final class BodyAccumulator {
  private static final int UNKNOWN_LENGTH_START = 8 * 1024;

  private final long cap;
  private byte[] bytes;
  private int kept;
  private long total;

  BodyAccumulator(long cap, long contentLength) {
    this.cap = cap;
    long start = contentLength >= 0 ? contentLength : UNKNOWN_LENGTH_START;
    this.bytes = new byte[(int) Math.min(start, cap)];
  }

  void append(ByteBuf content) {
    int n = content.readableBytes();
    total += n;
    int take = (int) Math.min(n, cap - kept);
    if (take > 0) {
      ensureCapacity(kept + take);
      content.getBytes(content.readerIndex(), bytes, kept, take);
      kept += take;
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > bytes.length) {
      long grown = Math.max(needed, (long) bytes.length * 2);
      bytes = Arrays.copyOf(bytes, (int) Math.min(grown, cap));
    }
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
}
