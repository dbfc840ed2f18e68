package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;

class AaResamplerTest {
  private static final int[] SHARES_BP = {500, 2500, 5000};

  /** A/A traffic: 4,000 users, 3 steps of 3,000 requests, a look every 500 requests. */
  private static List<AaObservation> aaRun(long seed) {
    Random random = new Random(seed);
    long[] users = new long[4000];
    for (int u = 0; u < users.length; u++) {
      users[u] = random.nextLong();
    }
    List<AaObservation> observations = new ArrayList<>();
    int look = 0;
    for (int step = 0; step < SHARES_BP.length; step++) {
      for (int i = 1; i <= 3000; i++) {
        boolean error = random.nextDouble() < 0.01;
        double latency =
            error && random.nextBoolean() ? Double.NaN : Data.heavyTailedLatency(random);
        observations.add(
            new AaObservation(users[random.nextInt(users.length)], step, look, latency, error));
        if (i % 500 == 0) {
          look++;
        }
      }
    }
    return observations;
  }

  @Test
  void estimatesFewFalseAlarmsOnAaTrafficAndIsDeterministic() {
    List<AaObservation> observations = aaRun(21);
    JudgeSettings settings = JudgeSettings.defaults(SHARES_BP.length);

    FalseAlarmRate rate = AaResampler.estimate(settings, observations, SHARES_BP, 20, 99);

    assertThat(rate.runs()).isEqualTo(20);
    assertThat(rate.falseAlarms()).as("seed 21").isLessThanOrEqualTo(2);
    assertThat(rate.rate()).isEqualTo(rate.falseAlarms() / 20.0);
    assertThat(rate.alpha()).isEqualTo(0.05);
    assertThat(rate.upper95()).isGreaterThan(rate.rate()).isLessThanOrEqualTo(1);
    assertThat(AaResampler.estimate(settings, observations, SHARES_BP, 20, 99)).isEqualTo(rate);
  }

  @Test
  void countsEveryResplitThatWouldHaveRolledBack() {
    // An SLO the A/A traffic itself breaches (about 1 % errors, limit 0.1 %) fails every split:
    // this shows the replay reaches the judge's FAILs.
    List<MetricSpec> metrics = new ArrayList<>();
    metrics.add(
        new MetricSpec(
            "error-rate",
            MetricKind.ERROR_RATE,
            null,
            Double.NaN,
            Direction.HIGHER_IS_WORSE,
            new MinEffect(0.5, 0.01),
            100,
            true,
            0.001));
    JudgeSettings settings = new JudgeSettings(0.05, SHARES_BP.length, metrics, 95, 75, 50);

    FalseAlarmRate rate = AaResampler.estimate(settings, aaRun(22), SHARES_BP, 5, 1);

    assertThat(rate.falseAlarms()).isEqualTo(5);
    assertThat(rate.decided()).isEqualTo(5);
    assertThat(rate.rate()).isEqualTo(1);
    assertThat(rate.upper95()).isEqualTo(1);
  }

  @Test
  void resplitsThatNeverDecideAreCountedAsUndecided() {
    // 40 requests a step: below minSamples in every arm, so the judge can neither pass nor fail
    List<AaObservation> thin = new ArrayList<>();
    for (int step = 0; step < SHARES_BP.length; step++) {
      for (int i = 0; i < 40; i++) {
        thin.add(new AaObservation(i, step, step, 10, false));
      }
    }
    FalseAlarmRate rate =
        AaResampler.estimate(JudgeSettings.defaults(SHARES_BP.length), thin, SHARES_BP, 10, 1);
    assertThat(rate.falseAlarms()).isZero();
    assertThat(rate.decided()).isZero();

    // the same judge on 1,500 requests an arm and step: the latency metric alone can pass
    JudgeSettings latency =
        new JudgeSettings(
            0.05, 3, List.of(Data.latency("latency", Double.NaN, 100, Double.NaN)), 95, 75, 50);
    FalseAlarmRate rich =
        AaResampler.estimate(latency, aaRun(21), new int[] {5000, 5000, 5000}, 5, 1);
    assertThat(rich.decided()).as("seed 21").isPositive();
  }

  @Test
  void saltedBucketsSplitUsersInTheConfiguredShares() {
    Random random = new Random(3);
    long salt = AaResampler.mix(42);
    int canary = 0;
    int users = 100_000;
    for (int i = 0; i < users; i++) {
      canary += AaResampler.bucket(random.nextLong(), salt) < 2500 ? 1 : 0;
    }
    assertThat(canary / (double) users).isCloseTo(0.25, within(0.01));
    long key = 12345;
    assertThat(AaResampler.bucket(key, AaResampler.mix(1)))
        .isEqualTo(AaResampler.bucket(key, AaResampler.mix(1)));
  }

  @Test
  void upperBoundIsTheOneSidedClopperPearsonBound() {
    assertThat(AaResampler.upper95(0, 200)).isCloseTo(1 - Math.pow(0.05, 1 / 200.0), within(1e-9));
    assertThat(AaResampler.upper95(10, 200))
        .isCloseTo(new BetaDistribution(11, 190).inverseCumulativeProbability(0.95), within(1e-8));
  }

  @Test
  void rejectsStepsWithoutAShareAndBadArguments() {
    JudgeSettings settings = JudgeSettings.defaults(3);
    List<AaObservation> one = List.of(new AaObservation(1, 3, 0, 10, false));
    assertThatThrownBy(() -> AaResampler.estimate(settings, one, SHARES_BP, 5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("observations: step 3 has no canary share (canaryBasisPoints has 3)");
    assertThatThrownBy(() -> AaResampler.estimate(settings, List.of(), SHARES_BP, 0, 1))
        .hasMessage("resplits: must be >= 1, not 0");
    assertThatThrownBy(() -> AaResampler.estimate(settings, List.of(), new int[] {10_001}, 1, 1))
        .hasMessage("canaryBasisPoints[0]: must be in [0, 10000], not 10001");
  }
}
