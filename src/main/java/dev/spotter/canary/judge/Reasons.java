package dev.spotter.canary.judge;

import dev.spotter.canary.judge.Texts.Unit;

/** The shared pieces of the reasons and the judgements that need no test. */
final class Reasons {
  private Reasons() {}

  /**
   * "max(10 % of 101.0 ms, 5 ms) = 10.1 ms": how the threshold came about, from the baseline's
   * value.
   */
  static String threshold(MinEffect effect, double baselineValue, Unit unit) {
    double t = effect.threshold(baselineValue);
    String relative =
        Texts.plain(100 * effect.relative()) + " % of " + unit.value(Math.abs(baselineValue));
    if (effect.relative() == 0) {
      return unit.amount(effect.absolute());
    }
    if (effect.absolute() == 0) {
      return relative + " = " + unit.amount(t);
    }
    return "max(" + relative + ", " + unit.amount(effect.absolute()) + ") = " + unit.amount(t);
  }

  /** A metric with too few samples in an arm: INCONCLUSIVE, saying how many are needed. */
  static MetricJudgement tooLittleData(
      MetricSpec spec,
      String test,
      long baselineN,
      long canaryN,
      double baselineValue,
      double canaryValue,
      Unit unit,
      int minSamples) {
    String what =
        switch (spec.kind()) {
          case ERROR_RATE -> "requests";
          case LATENCY -> "latency samples";
          case VALUE -> "samples of '" + spec.source() + "'";
        };
    String verb = spec.kind() == MetricKind.ERROR_RATE ? "served" : "has";
    String reason;
    if (baselineN < minSamples && canaryN < minSamples) {
      reason =
          Texts.format(
              "Too little data: the baseline %s %d %s and the canary %d; %d are needed in each.",
              verb, baselineN, what, canaryN, minSamples);
    } else if (canaryN < minSamples) {
      reason =
          Texts.format(
              "Too little data: the canary %s %d %s; %d are needed.",
              verb, canaryN, what, minSamples);
    } else {
      reason =
          Texts.format(
              "Too little data: the baseline %s %d %s; %d are needed.",
              verb, baselineN, what, minSamples);
    }
    return new MetricJudgement(
        spec.name(),
        spec.kind(),
        Verdict.INCONCLUSIVE,
        spec.critical(),
        spec.weight(),
        baselineN,
        canaryN,
        test,
        baselineValue,
        canaryValue,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        1,
        unit.code,
        reason);
  }

  static Unit unitOf(MetricKind kind) {
    return switch (kind) {
      case ERROR_RATE -> Unit.RATIO;
      case LATENCY -> Unit.MS;
      case VALUE -> Unit.NONE;
    };
  }

  /** NaN for an infinite bound: the report's "undefined yet". */
  static double finiteOrNaN(double x) {
    return Double.isInfinite(x) ? Double.NaN : x;
  }
}
