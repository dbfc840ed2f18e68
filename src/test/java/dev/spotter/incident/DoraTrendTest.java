package dev.spotter.incident;

import static dev.spotter.incident.DoraMetricsTest.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.incident.DoraMetricsTest.Dep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoraTrendTest {
  private static final Instant END = Instant.parse("2024-06-01T00:00:00Z");
  private static final Duration WEEK = Duration.ofDays(7);

  @Test
  void bucketsAreConsecutiveOldestFirstAndTheLastEndsAtTheEnd() {
    List<DoraReport> trend = DoraMetrics.trend(List.of(), END, WEEK, 4);

    assertThat(trend).hasSize(4);
    assertThat(trend.get(0).from()).isEqualTo(END.minus(Duration.ofDays(28)));
    for (int i = 0; i < trend.size(); i++) {
      assertThat(trend.get(i).window()).isEqualTo(WEEK);
      if (i > 0) {
        assertThat(trend.get(i).from()).isEqualTo(trend.get(i - 1).to());
      }
    }
    assertThat(trend.get(3).to()).isEqualTo(END);
  }

  @Test
  void eachBucketReportsWhatComputeReportsForItsWindow() {
    List<Deployment> deployments =
        all(
            Dep.at(Duration.ofDays(5))
                .committedBefore(Duration.ofHours(3))
                .failed()
                .recoveredAfter(Duration.ofMinutes(40)),
            Dep.at(Duration.ofDays(12)).unplannedFix(),
            Dep.at(Duration.ofDays(13)).committedBefore(Duration.ofDays(2)),
            Dep.at(Duration.ofDays(29)));
    Instant end = DoraMetricsTest.START.plus(Duration.ofDays(28));

    List<DoraReport> trend = DoraMetrics.trend(deployments, end, WEEK, 4);

    for (DoraReport bucket : trend) {
      assertThat(bucket).isEqualTo(DoraMetrics.compute(deployments, bucket.from(), bucket.to()));
    }
    assertThat(trend).extracting(DoraReport::deployments).containsExactly(1L, 2L, 0L, 0L);
    assertThat(trend.get(0).deploymentFrequency().band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(trend.get(1).deploymentFrequency().band()).isEqualTo(DoraBand.HIGH);
    assertThat(trend.get(2).deploymentFrequency().band()).isEqualTo(DoraBand.NONE);
  }

  @Test
  void bucketsPartitionTheDeploymentsForRandomInputs() {
    long[] seeds = {1L, 42L, 20240501L, 7_777_777L, -3L};
    for (long seed : seeds) {
      Random random = new Random(seed);
      Duration bucket = Duration.ofSeconds(1 + random.nextInt(14 * 86_400), random.nextInt(1000));
      int buckets = 1 + random.nextInt(30);
      Duration span = bucket.multipliedBy(buckets);
      Instant end = END.plusSeconds(random.nextInt(86_400));
      Instant start = end.minus(span);
      List<Deployment> deployments = new ArrayList<>();
      int n = random.nextInt(200);
      for (int i = 0; i < n; i++) {
        // mostly inside the span, some before and after it, some exactly on bucket edges
        Instant at =
            switch (random.nextInt(6)) {
              case 0 -> start.minusSeconds(1 + random.nextInt(1000));
              case 1 -> end.plusNanos(random.nextInt(1000));
              case 2 -> start.plus(bucket.multipliedBy(random.nextInt(buckets)));
              default -> start.plusNanos((long) (random.nextDouble() * span.toNanos()));
            };
        deployments.add(Dep.at(Duration.between(DoraMetricsTest.START, at)).build());
      }

      List<DoraReport> trend = DoraMetrics.trend(deployments, end, bucket, buckets);

      String why = "seed " + seed;
      assertThat(trend).as(why).hasSize(buckets);
      long inside = 0;
      for (Deployment d : deployments) {
        long containing =
            trend.stream()
                .filter(r -> !d.deployedAt().isBefore(r.from()) && d.deployedAt().isBefore(r.to()))
                .count();
        boolean inSpan = !d.deployedAt().isBefore(start) && d.deployedAt().isBefore(end);
        assertThat(containing)
            .as(why + ", deployed at " + d.deployedAt())
            .isEqualTo(inSpan ? 1 : 0);
        inside += inSpan ? 1 : 0;
      }
      assertThat(trend.stream().mapToLong(DoraReport::deployments).sum()).as(why).isEqualTo(inside);
      for (DoraReport r : trend) {
        long expected =
            deployments.stream()
                .filter(d -> !d.deployedAt().isBefore(r.from()) && d.deployedAt().isBefore(r.to()))
                .count();
        assertThat(r.deployments()).as(why + ", bucket from " + r.from()).isEqualTo(expected);
      }
    }
  }

  @Test
  void rejectsBadBucketsWithClearMessages() {
    assertThatThrownBy(() -> DoraMetrics.trend(List.of(), END, Duration.ZERO, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket must be a positive duration, not PT0S");
    assertThatThrownBy(() -> DoraMetrics.trend(List.of(), END, WEEK.negated(), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> DoraMetrics.trend(List.of(), END, WEEK, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buckets must be between 1 and 1000, not 0");
    assertThatThrownBy(() -> DoraMetrics.trend(List.of(), END, WEEK, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DoraMetrics.trend(List.of(), END, null, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket must not be null");
    assertThatThrownBy(() -> DoraMetrics.trend(List.of(), null, WEEK, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("end must not be null");
    assertThatThrownBy(() -> DoraMetrics.trend(null, END, WEEK, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deployments must not be null");
    assertThatThrownBy(
            () -> DoraMetrics.trend(List.of(), Instant.MIN.plusSeconds(10), Duration.ofDays(1), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reach past the earliest instant");
  }
}
