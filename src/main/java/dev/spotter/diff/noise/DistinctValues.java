package dev.spotter.diff.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The distinct values one target showed at one path, kept as 64-bit hashes and only up to {@link
 * #CAP}: enough to tell a value that stays the same for a target from one that varies, without
 * keeping any value (they may be personal data) or growing with the traffic.
 */
final class DistinctValues {
  static final int CAP = 4;

  private final long[] hashes = new long[CAP];
  private int size;
  private boolean overflowed;
  private long seen;

  /** Notes one value; null stands for an absent value. */
  void add(String value) {
    seen++;
    long h = hash(value);
    for (int i = 0; i < size; i++) {
      if (hashes[i] == h) {
        return;
      }
    }
    if (size < CAP) {
      hashes[size++] = h;
    } else {
      overflowed = true;
    }
  }

  /** How many values were noted, repeats included. */
  long seen() {
    return seen;
  }

  /** Whether every value noted was the same one. */
  boolean single() {
    return size == 1 && !overflowed;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Whether the two sides share a value. */
  boolean overlaps(DistinctValues other) {
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < other.size; j++) {
        if (hashes[i] == other.hashes[j]) {
          return true;
        }
      }
    }
    return false;
  }

  /** FNV-1a over the UTF-8 bytes; an absent value hashes apart from every string. */
  static long hash(String value) {
    if (value == null) {
      return 0x5bd1e995L;
    }
    long h = 0xcbf29ce484222325L;
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public String toString() {
    return Arrays.toString(Arrays.copyOf(hashes, size)) + (overflowed ? "+" : "");
  }
}
