package dev.spotter.canary.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Judges the current step of a canary run from what the two arms showed in it so far. Asked every
 * few seconds on growing data; every test is sequential, so any number of looks keeps the run's
 * false-alarm level (see {@link JudgeSettings#alpha()} and docs/canary-judge.md). Pure and
 * deterministic: the same data give the same judgement. Immutable, so one instance may serve
 * several threads.
 */
public final class Judge {
  private final JudgeSettings settings;
  private final TestContext context;

  public Judge(JudgeSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.context = TestContext.of(settings);
  }

  public JudgeSettings settings() {
    return settings;
  }

  /**
   * Judges the current step from its data so far. Sorting dominates: O(n log n) in the samples per
   * arm, never O(n1 * n2).
   */
  public StepJudgement judge(ArmData baseline, ArmData canary) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(canary, "canary");
    SortedSamples sorted = new SortedSamples();
    List<Outcome> outcomes = new ArrayList<>(settings.metrics().size());
    for (MetricSpec spec : settings.metrics()) {
      outcomes.add(judgeMetric(spec, baseline, canary, sorted));
    }
    return StepRules.combine(settings, outcomes);
  }

  private Outcome judgeMetric(
      MetricSpec spec, ArmData baseline, ArmData canary, SortedSamples sorted) {
    return switch (spec.kind()) {
      case ERROR_RATE -> ErrorRateTest.judge(spec, baseline, canary, context);
      case LATENCY -> samples(spec, baseline.latenciesMs(), canary.latenciesMs(), sorted);
      case VALUE ->
          samples(spec, baseline.values(spec.source()), canary.values(spec.source()), sorted);
    };
  }

  private Outcome samples(
      MetricSpec spec, double[] baseline, double[] canary, SortedSamples sorted) {
    int sign = spec.lowerIsWorse() ? -1 : 1;
    double[] b = sorted.of(baseline, sign);
    double[] c = sorted.of(canary, sign);
    return spec.comparesQuantile()
        ? QuantileTest.judge(spec, b, c, context)
        : LocationTest.judge(spec, b, c, context);
  }
}
