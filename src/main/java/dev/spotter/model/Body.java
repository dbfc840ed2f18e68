package dev.spotter.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message body as Spotter keeps it: decoded bytes (no content-encoding applied), the size the
 * original body had, and whether the bytes are only a prefix because the body was over the cap.
 */
public record Body(byte[] bytes, long originalSize, boolean truncated) {
  public static final Body EMPTY = new Body(new byte[0], 0, false);

  public Body {
    Objects.requireNonNull(bytes, "bytes");
    if (originalSize < bytes.length) {
      throw new IllegalArgumentException("originalSize " + originalSize + " < " + bytes.length);
    }
  }

  public static Body of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Body(bytes, bytes.length, false);
  }

  public static Body of(String utf8) {
    return of(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /** This body cut to at most {@code cap} bytes and marked truncated when it was longer. */
  public Body capped(long cap) {
    if (bytes.length <= cap) {
      return this;
    }
    return new Body(Arrays.copyOf(bytes, (int) cap), originalSize, true);
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  public int length() {
    return bytes.length;
  }

  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Body other
        && originalSize == other.originalSize
        && truncated == other.truncated
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + Long.hashCode(originalSize) + (truncated ? 1 : 0);
  }

  @Override
  public String toString() {
    return "Body["
        + bytes.length
        + " bytes"
        + (truncated ? ", truncated from " + originalSize : "")
        + "]";
  }
}
