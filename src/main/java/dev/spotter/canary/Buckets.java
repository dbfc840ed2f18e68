package dev.spotter.canary;

import java.nio.charset.StandardCharsets;

/**
 * Places routing keys into {@value #COUNT} buckets with a stable hash: the same key and salt give
 * the same bucket in every process, on every machine, in every version (FNV-1a over the UTF-8
 * bytes, then the SplitMix64 finaliser so that similar keys land far apart). A step on the canary
 * owns the buckets below its share, so raising the share only ever adds users to the canary.
 */
final class Buckets {
  static final int COUNT = 10_000;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Buckets() {}

  /** The 64-bit hash of a key under a salt. */
  static long hash(String salt, String key) {
    long h = FNV_OFFSET;
    h = fnv(h, salt.getBytes(StandardCharsets.UTF_8));
    h = (h ^ 0xff) * FNV_PRIME; // a separator no UTF-8 text contains
    h = fnv(h, key.getBytes(StandardCharsets.UTF_8));
    return mix(h);
  }

  /** The bucket, 0 to {@value #COUNT} - 1, of a hash. */
  static int bucket(long hash) {
    return (int) Long.remainderUnsigned(hash, COUNT);
  }

  private static long fnv(long h, byte[] bytes) {
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
