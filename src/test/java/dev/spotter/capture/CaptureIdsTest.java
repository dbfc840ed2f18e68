package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaptureIdsTest {
  private static final long NOV_27_2026 = 1_795_737_600_000L;

  @Test
  void idsAreVersionSevenUuidsCarryingTheMillisecondTheyWereMadeIn() {
    CaptureIds ids = new CaptureIds(() -> NOV_27_2026, new SplittableRandom(1));

    UUID id = UUID.fromString(ids.next());

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOV_27_2026);
  }

  @Test
  void idsRiseAsStringsWithinAMillisecondAcrossMillisecondsAndWhenTheClockStepsBack() {
    long[] clock = {NOV_27_2026, NOV_27_2026, NOV_27_2026 + 1, NOV_27_2026 - 500, NOV_27_2026 + 2};
    AtomicLong tick = new AtomicLong();
    CaptureIds ids =
        new CaptureIds(
            () -> clock[(int) Math.min(tick.getAndIncrement() / 1000, clock.length - 1)],
            new SplittableRandom(7));

    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      made.add(ids.next());
    }

    // The store's index and Kafka headers compare them as text: text order must be make order.
    for (int i = 1; i < made.size(); i++) {
      assertThat(made.get(i)).as("id %d after id %d", i, i - 1).isGreaterThan(made.get(i - 1));
    }
  }

  @Test
  void twoGeneratorsInTheSameMillisecondNeverMakeTheSameId() {
    long seed = 20261127L;
    CaptureIds a = new CaptureIds(() -> NOV_27_2026, new SplittableRandom(seed));
    CaptureIds b = new CaptureIds(() -> NOV_27_2026, new SplittableRandom(seed + 1));

    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50_000; i++) {
      assertThat(seen.add(a.next())).as("seed %d, id %d of a", seed, i).isTrue();
      assertThat(seen.add(b.next())).as("seed %d, id %d of b", seed, i).isTrue();
    }
  }
}
