package dev.spotter.canary.judge;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded test data: latencies, arms and settings. */
final class Data {
  private Data() {}

  /** Lognormal latencies around a median, times a factor. */
  static double[] lognormal(Random random, int n, double median, double sigma, double factor) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = factor * median * Math.exp(sigma * random.nextGaussian());
    }
    return x;
  }

  /** Lognormal latencies with a heavy (Pareto, index 1.5) tail on 2 % of requests. */
  static double heavyTailedLatency(Random random) {
    double x = 80 * Math.exp(0.6 * random.nextGaussian());
    if (random.nextDouble() < 0.02) {
      x *= Math.pow(1 / (1 - random.nextDouble()), 1 / 1.5);
    }
    return x;
  }

  static ArmData latencies(double[] latencies) {
    return new ArmData(latencies.length, 0, latencies, Map.of());
  }

  static ArmData counts(long requests, long errors) {
    return new ArmData(requests, errors, new double[0], Map.of());
  }

  static MetricSpec errorRate(double relative, double absolute, double slo) {
    return new MetricSpec(
        "error-rate",
        MetricKind.ERROR_RATE,
        null,
        Double.NaN,
        Direction.HIGHER_IS_WORSE,
        new MinEffect(relative, absolute),
        100,
        true,
        slo);
  }

  static MetricSpec latency(String name, double quantile, double weight, double slo) {
    return new MetricSpec(
        name,
        MetricKind.LATENCY,
        null,
        quantile,
        Direction.HIGHER_IS_WORSE,
        new MinEffect(0.10, 5),
        weight,
        false,
        slo);
  }

  /**
   * Settings judging one metric with all the weight, at the same per-test level as the defaults
   * over five steps (0.05 / 15): a run of alpha 0.05 split over 15 steps of one metric.
   */
  static JudgeSettings only(MetricSpec spec) {
    MetricSpec full =
        new MetricSpec(
            spec.name(),
            spec.kind(),
            spec.source(),
            spec.quantile(),
            spec.direction(),
            spec.minEffect(),
            100,
            spec.critical(),
            spec.sloLimit());
    return new JudgeSettings(0.05, 15, List.of(full), 95, 75, 50);
  }

  static MetricJudgement single(JudgeSettings settings, ArmData baseline, ArmData canary) {
    return new Judge(settings).judge(baseline, canary).metrics().get(0);
  }
}
