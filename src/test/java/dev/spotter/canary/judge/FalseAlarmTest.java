package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Simulated A/A runs: both arms draw from the same distributions, the judge looks every few hundred
 * requests through every step, and any FAIL is a false alarm.
 */
class FalseAlarmTest {
  private static final int[] SHARES_BP = {100, 500, 2500, 5000}; // 1, 5, 25, 50 %

  @Test
  void aaRunsFailAtMostAlphaOfTheTimeWithTheDefaults() {
    JudgeSettings settings = JudgeSettings.defaults(SHARES_BP.length);
    int runs = 200;
    List<String> alarms = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      long seed = 1000 + run;
      String alarm = simulate(new Judge(settings), new Random(seed), 4000, 400);
      if (alarm != null) {
        alarms.add("seed " + seed + ": " + alarm);
      }
    }
    assertThat(alarms).as("false alarms of %d runs", runs).hasSizeLessThanOrEqualTo(10);
  }

  @Test
  void aaRunsStayWithinAlphaEvenWithoutAnyMinimumEffect() {
    // The hardest case for the guarantee: thresholds of zero, so the A/A truth sits exactly on the
    // boundary of "worse", looked at every 200 requests. A generous alpha makes alarms frequent
    // enough to count.
    double alpha = 0.3;
    List<MetricSpec> metrics = new ArrayList<>();
    for (MetricSpec m : JudgeSettings.defaults(1).metrics()) {
      metrics.add(
          new MetricSpec(
              m.name(),
              m.kind(),
              m.source(),
              m.quantile(),
              m.direction(),
              new MinEffect(0, 0),
              m.weight(),
              true,
              m.sloLimit()));
    }
    JudgeSettings settings = new JudgeSettings(alpha, SHARES_BP.length, metrics, 95, 75, 50);
    int runs = 100;
    List<String> alarms = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      long seed = 5000 + run;
      String alarm = simulate(new Judge(settings), new Random(seed), 2000, 200);
      if (alarm != null) {
        alarms.add("seed " + seed + ": " + alarm);
      }
    }
    assertThat(alarms)
        .as("false alarms of %d runs", runs)
        .hasSizeLessThanOrEqualTo((int) (alpha * runs));
  }

  /** One A/A run; the first FAIL's reason, or null. */
  private static String simulate(Judge judge, Random random, int requestsPerStep, int lookEvery) {
    for (int step = 0; step < SHARES_BP.length; step++) {
      double[][] latencies = new double[2][requestsPerStep];
      int[] answered = new int[2];
      long[] requests = new long[2];
      long[] errors = new long[2];
      for (int i = 1; i <= requestsPerStep; i++) {
        int arm = random.nextInt(10_000) < SHARES_BP[step] ? 1 : 0;
        requests[arm]++;
        boolean error = random.nextDouble() < 0.01;
        if (error) {
          errors[arm]++;
        }
        if (!error || random.nextBoolean()) { // half of the errors are timeouts, unanswered
          latencies[arm][answered[arm]++] = Data.heavyTailedLatency(random);
        }
        if (i % lookEvery == 0) {
          StepJudgement s =
              judge.judge(
                  new ArmData(
                      requests[0], errors[0], Arrays.copyOf(latencies[0], answered[0]), null),
                  new ArmData(
                      requests[1], errors[1], Arrays.copyOf(latencies[1], answered[1]), null));
          if (s.verdict() == Verdict.FAIL) {
            return "step " + step + ", request " + i + ": " + s.reason();
          }
        }
      }
    }
    return null;
  }
}
