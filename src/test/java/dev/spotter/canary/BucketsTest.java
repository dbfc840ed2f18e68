package dev.spotter.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BucketsTest {
  @Test
  void theSameKeyAndSaltLandInTheSameBucketInEveryVersion() {
    // pinned: changing the hash would move users between arms in a resumed run
    assertThat(Buckets.bucket(Buckets.hash("salt", "user-42")))
        .isEqualTo(Buckets.bucket(Buckets.hash("salt", "user-42")))
        .isEqualTo(PINNED_USER_42);
    assertThat(Buckets.hash("salt", "user-42")).isNotEqualTo(Buckets.hash("pepper", "user-42"));
    assertThat(Buckets.hash("ab", "c")).isNotEqualTo(Buckets.hash("a", "bc"));
  }

  /** Computed independently from the definition (FNV-1a 64, 0xff separator, SplitMix64). */
  private static final int PINNED_USER_42 = 7970;

  @Test
  void keysSpreadEvenlyOverTheBuckets() {
    long seed = 20261127L;
    Random random = new Random(seed);
    int[] tenths = new int[10];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      tenths[Buckets.bucket(Buckets.hash("s", "user-" + random.nextInt(1_000_000_000))) / 1000]++;
    }
    for (int count : tenths) {
      // a binomial(100000, 0.1) stays within 5 standard deviations (~475) of 10000
      assertThat(count).as("seed %d", seed).isBetween(9_500, 10_500);
    }
  }

  @Test
  void similarKeysAreFarApart() {
    int low = 0;
    for (int i = 0; i < 1000; i++) {
      if (Buckets.bucket(Buckets.hash("s", "10.0.0." + i)) < 100) {
        low++;
      }
    }
    // 1 % of consecutive addresses, not a block of them
    assertThat(low).isBetween(2, 30);
  }
}
