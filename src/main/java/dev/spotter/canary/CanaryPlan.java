package dev.spotter.canary;

import dev.spotter.canary.judge.JudgeSettings;
import dev.spotter.proxy.ForwardTarget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a canary run does, validated once: where traffic goes, in which steps, how often it is
 * judged and by what, and whom to ask before moving on.
 *
 * @param name the run's name: a run of that name that is not over is resumed
 * @param canary the canary; in A/A mode the baseline again (a second, separate connection pool)
 * @param aaMode run the baseline against itself to learn the judge's false-alarm rate on this
 *     traffic; nothing is rolled back, hooks do not run
 * @param stepBasisPoints the canary's share per step in 1/10,000ths, strictly rising, ending at
 *     10,000 (100 %), with at least one step below it to judge
 * @param stepDuration how long a step runs before its judgement decides (extended when
 *     inconclusive)
 * @param judgeEvery how often the judge looks at the step's data (a failing look rolls back at
 *     once)
 * @param maxExtensions how often an inconclusive step is extended by another step duration before
 *     the run is held for an operator
 * @param overrideHeader a header that forces the canary (value 1, true, yes, on, canary or always);
 *     null for none
 * @param judge the judge's settings; its {@code steps} is the number of judged steps
 * @param aaResplits in A/A mode, how many re-splits of the traffic estimate the false-alarm rate
 * @param prometheus where value metrics with a {@code prometheus:} source are read; null for none
 */
public record CanaryPlan(
    String name,
    ForwardTarget baseline,
    ForwardTarget canary,
    boolean aaMode,
    List<Integer> stepBasisPoints,
    Duration stepDuration,
    Duration judgeEvery,
    int maxExtensions,
    RoutingKey key,
    String overrideHeader,
    JudgeSettings judge,
    Hooks hooks,
    int aaResplits,
    PrometheusSource prometheus) {

  public static final List<Integer> DEFAULT_STEPS = List.of(100, 500, 2500, 5000, 10_000);

  public CanaryPlan {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(judge, "judge");
    hooks = hooks == null ? Hooks.NONE : hooks;
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException(
          "name: '"
              + name
              + "' is not a run name; use letters, digits, '.', '_' and '-' (at most 100)");
    }
    stepBasisPoints = List.copyOf(stepBasisPoints);
    try {
      checkSteps(stepBasisPoints);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("steps: " + e.getMessage(), e);
    }
    if (judge.steps() != judgedSteps(stepBasisPoints)) {
      throw new IllegalArgumentException(
          "judge: set up for "
              + judge.steps()
              + " judged steps, but the plan has "
              + judgedSteps(stepBasisPoints));
    }
    positive("step duration", stepDuration);
    positive("judge interval", judgeEvery);
    if (judgeEvery.compareTo(stepDuration) > 0) {
      throw new IllegalArgumentException(
          "judge interval: "
              + judgeEvery.toMillis()
              + " ms is longer than a step ("
              + stepDuration.toMillis()
              + " ms); the judge must look at least once per step");
    }
    if (maxExtensions < 0 || maxExtensions > 1000) {
      throw new IllegalArgumentException(
          "max extensions: must lie in 0..1000, not " + maxExtensions);
    }
    if (overrideHeader != null && overrideHeader.isBlank()) {
      overrideHeader = null;
    }
    if (prometheus == null
        && judge.metrics().stream()
            .anyMatch(m -> m.source() != null && m.source().startsWith(PrometheusSource.PREFIX))) {
      throw new IllegalArgumentException(
          "prometheus: a metric reads from a Prometheus query API, but none is configured"
              + " (--prometheus URL or canary.prometheus.url)");
    }
    if (aaResplits < 0 || aaResplits > 10_000) {
      throw new IllegalArgumentException("A/A re-splits: must lie in 0..10000, not " + aaResplits);
    }
  }

  /** The distinct sources of value metrics that start with {@code prefix}, in metric order. */
  public List<String> valueSources(String prefix) {
    return judge.metrics().stream()
        .map(m -> m.source())
        .filter(s -> s != null && s.startsWith(prefix))
        .distinct()
        .toList();
  }

  /** Steps below 100 %: the ones with a baseline arm to judge against. */
  public static int judgedSteps(List<Integer> basisPoints) {
    return (int) basisPoints.stream().filter(b -> b < Buckets.COUNT).count();
  }

  /**
   * Checks a plan's steps: each in (0, 100] %, strictly rising, the last 100 %, one at least below.
   *
   * @throws IllegalArgumentException naming the offending step
   */
  public static void checkSteps(List<Integer> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("none given; the default is 1, 5, 25, 50, 100");
    }
    int previous = 0;
    for (int i = 0; i < steps.size(); i++) {
      int s = steps.get(i);
      if (s <= 0 || s > Buckets.COUNT) {
        throw new IllegalArgumentException(
            "step "
                + (i + 1)
                + " is "
                + percent(s)
                + " %; each step must lie above 0 and at most 100 %");
      }
      if (s <= previous) {
        throw new IllegalArgumentException(
            "step "
                + (i + 1)
                + " ("
                + percent(s)
                + " %) does not rise above step "
                + i
                + " ("
                + percent(previous)
                + " %); steps must rise");
      }
      previous = s;
    }
    if (previous != Buckets.COUNT) {
      throw new IllegalArgumentException(
          "the last step is " + percent(previous) + " %; a canary ends at 100 % (promoted)");
    }
    if (steps.size() < 2) {
      throw new IllegalArgumentException(
          "only 100 % was given; at least one step below it is needed to judge the canary");
    }
  }

  /** The share of a step in percent. */
  public double percentOf(int step) {
    return stepBasisPoints.get(step) / 100.0;
  }

  static String percent(int basisPoints) {
    return percentText(basisPoints / 100.0);
  }

  /** A share in percent as people write it: {@code 5}, {@code 0.5}, {@code 12.25}. */
  public static String percentText(double percent) {
    return percent == Math.rint(percent)
        ? Long.toString((long) percent)
        : java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + ": must be positive, not " + d);
    }
  }
}
