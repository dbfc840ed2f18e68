package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.noise.NoiseSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The false-alarm guarantee of a check that asks again until it has decided: over seeded A/A checks
 * (the candidate a third copy of the old build; see {@link AaSimulation}), the share of runs with
 * any regression, or with anything left undecided, stays at or below the significance. Run more
 * with {@code -Dspotter.aa.runs=N} (bench/aa.sh does, for docs/benchmarks.md).
 */
class AaFalseAlarmTest {
  @Test
  void aThirdCopyOfTheOldBuildIsNeitherARegressionNorUndecidedInMoreThanTheSignificance()
      throws InterruptedException {
    int runs = Integer.getInteger("spotter.aa.runs", 700);
    NoiseSettings noise = NoiseSettings.defaults();
    int alarms = 0;
    int regressions = 0;
    long repeats = 0;
    List<String> examples = new ArrayList<>();
    for (long seed = 1; seed <= runs; seed++) {
      AaSimulation.Outcome o =
          AaSimulation.run(
              seed,
              noise,
              RepeatSettings.defaults()
                  .withPerRequest(
                      Integer.getInteger(
                          "spotter.aa.perRequest", RepeatSettings.DEFAULT_PER_REQUEST)));
      repeats += o.repeatExchanges();
      if (o.falseAlarm()) {
        alarms++;
        if (o.regressions() > 0) {
          regressions++;
        }
        if (examples.size() < 5) {
          examples.add("seed " + seed + " (" + o.requests() + " requests): " + o.alarms());
        }
      }
    }
    double share = (double) alarms / runs;
    double[] ci = wilson(alarms, runs);
    System.out.printf(
        Locale.ROOT,
        "A/A: %d of %d runs with a false regression or something undecided (%.2f %%, 95 %% interval"
            + " %.2f to %.2f %%); %d with a false regression; %.1f repeat exchanges per run%n",
        alarms,
        runs,
        100 * share,
        100 * ci[0],
        100 * ci[1],
        regressions,
        (double) repeats / runs);
    assertThat(share)
        .as("share of %d A/A runs with a false alarm; first ones: %s", runs, examples)
        .isLessThanOrEqualTo(noise.significance());
  }

  @Test
  void aChangeOnOneEndpointIsFoundHoweverRarelyTheEndpointWasSeen() throws InterruptedException {
    // The same services, but the candidate drops a field on one endpoint picked at random: often
    // one seen once or twice in the corpus.
    int runs = Integer.getInteger("spotter.ab.runs", 300);
    int missed = 0;
    int alarms = 0;
    List<String> examples = new ArrayList<>();
    for (long seed = 1; seed <= runs; seed++) {
      AaSimulation.Outcome o =
          AaSimulation.run(seed, NoiseSettings.defaults(), RepeatSettings.defaults(), true);
      if (!o.plantedFound()) {
        missed++;
        examples.add("seed " + seed + " (" + o.requests() + " requests)");
      }
      if (o.regressions() > 0) {
        alarms++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "A/B: the planted change found in %d of %d runs; %d runs with another regression%n",
        runs - missed,
        runs,
        alarms);
    assertThat(missed).as("runs whose planted change was not found: %s", examples).isZero();
    assertThat(alarms).as("runs with a false regression besides the change").isLessThanOrEqualTo(3);
  }

  /** Wilson's 95 % interval for a binomial share. */
  static double[] wilson(long k, long n) {
    double z = 1.959964;
    double p = (double) k / n;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
