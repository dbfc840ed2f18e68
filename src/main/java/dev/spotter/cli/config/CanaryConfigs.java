package dev.spotter.cli.config;

import dev.spotter.canary.CanaryPlan;
import dev.spotter.canary.judge.Direction;
import dev.spotter.canary.judge.JudgeSettings;
import dev.spotter.canary.judge.MetricKind;
import dev.spotter.canary.judge.MetricSpec;
import dev.spotter.canary.judge.MinEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the {@code canary:} section (and the same values from options) into the canary's typed
 * settings, with messages that name the key at fault.
 */
public final class CanaryConfigs {
  private CanaryConfigs() {}

  /**
   * Percent steps (such as 1, 5, 25, 50, 100) as shares of 10,000 buckets, checked.
   *
   * @throws IllegalArgumentException naming the step at fault
   */
  public static List<Integer> basisPoints(List<Double> percents) {
    List<Integer> out = new ArrayList<>(percents.size());
    for (int i = 0; i < percents.size(); i++) {
      double p = percents.get(i);
      double bp = p * 100;
      if (!Double.isFinite(bp) || Math.abs(bp - Math.rint(bp)) > 1e-6) {
        throw new IllegalArgumentException(
            "step "
                + (i + 1)
                + " is "
                + p
                + " %; steps have a resolution of 0.01 % (10,000 buckets)");
      }
      out.add((int) Math.rint(bp));
    }
    CanaryPlan.checkSteps(out);
    return out;
  }

  static int judgedSteps(List<Double> steps) {
    return CanaryPlan.judgedSteps(steps == null ? CanaryPlan.DEFAULT_STEPS : basisPoints(steps));
  }

  /**
   * The judge's settings from the {@code canary:} section (which may be null): the configured
   * metrics (or the default ones) and thresholds.
   *
   * @param alpha overrides the configured alpha when not null (likewise minSamples)
   * @throws IllegalArgumentException starting with the key at fault
   */
  public static JudgeSettings judgeSettings(
      SpotterConfig.Canary c, int judgedSteps, Double alpha, Integer minSamples) {
    if (c == null) {
      return judgeSettings(null, null, null, null, null, judgedSteps, alpha, minSamples);
    }
    return judgeSettings(
        c.metrics(),
        c.alpha(),
        c.minSamples(),
        c.passScore(),
        c.marginalScore(),
        judgedSteps,
        alpha,
        minSamples);
  }

  /** The same from the section's values, for the section's own check while it is built. */
  static JudgeSettings judgeSettings(
      List<SpotterConfig.CanaryMetric> configured,
      Double configuredAlpha,
      Integer configuredMinSamples,
      Double passScore,
      Double marginalScore,
      int judgedSteps,
      Double alpha,
      Integer minSamples) {
    JudgeSettings d = JudgeSettings.defaults(judgedSteps);
    List<MetricSpec> metrics = configured == null ? d.metrics() : metrics(configured);
    double a = alpha != null ? alpha : configuredAlpha != null ? configuredAlpha : d.alpha();
    int min =
        minSamples != null
            ? minSamples
            : configuredMinSamples != null ? configuredMinSamples : d.minSamples();
    // the judge's messages start with its field's name, which is the config key too
    return new JudgeSettings(
        a,
        judgedSteps,
        metrics,
        passScore != null ? passScore : d.passScore(),
        marginalScore != null ? marginalScore : d.marginalScore(),
        min);
  }

  private static List<MetricSpec> metrics(List<SpotterConfig.CanaryMetric> configured) {
    if (configured.isEmpty()) {
      throw new IllegalArgumentException(
          "metrics: the list is empty; leave it out for the defaults");
    }
    long weighted = configured.stream().filter(m -> m.weight() != null).count();
    if (weighted != 0 && weighted != configured.size()) {
      throw new IllegalArgumentException(
          "metrics: give every metric a weight (adding up to 100) or none (equal shares)");
    }
    double equal = 100.0 / configured.size();
    List<MetricSpec> specs = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      String at = "metrics[" + i + "]";
      SpotterConfig.CanaryMetric m = configured.get(i);
      try {
        specs.add(spec(m, m.weight() != null ? m.weight() : equal));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "." + e.getMessage(), e);
      }
    }
    return specs;
  }

  private static MetricSpec spec(SpotterConfig.CanaryMetric m, double weight) {
    if (m.name() == null || m.name().isBlank()) {
      throw new IllegalArgumentException("name: every metric needs a name");
    }
    MetricKind kind = kind(m.kind());
    String source = null;
    if (kind == MetricKind.VALUE) {
      boolean header = m.source() != null && m.source().startsWith("header:");
      boolean prometheus = m.source() != null && m.source().startsWith("prometheus:");
      if (!(header && m.source().length() > "header:".length())
          && !(prometheus && m.source().length() > "prometheus:".length())) {
        throw new IllegalArgumentException(
            "source: a value metric reads a number from each answer's header (header:NAME, such"
                + " as header:X-Db-Time) or from a Prometheus query (prometheus:QUERY with ${arm}"
                + " where the arm's label goes), not '"
                + m.source()
                + "'");
      }
      source = m.source();
    } else if (m.source() != null) {
      throw new IllegalArgumentException(
          "source: only value metrics have a source; "
              + m.kind()
              + " is measured by the proxy itself");
    }
    Direction direction = direction(m.direction(), kind);
    double quantile = m.quantile() == null ? Double.NaN : m.quantile();
    if (m.quantile() != null && !(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException(
          "quantile: a share in (0, 1), such as 0.99 for p99, not " + m.quantile());
    }
    if (kind == MetricKind.ERROR_RATE && m.quantile() != null) {
      throw new IllegalArgumentException(
          "quantile: metric '"
              + m.name().trim()
              + "' is an error rate, a share of requests, which has no quantile; remove"
              + " 'quantile: "
              + m.quantile()
              + "' from it, or make it a latency or value metric to compare that quantile");
    }
    if (kind == MetricKind.ERROR_RATE && m.slo() != null && !(m.slo() >= 0 && m.slo() <= 1)) {
      throw new IllegalArgumentException(
          "slo: metric '"
              + m.name().trim()
              + "' is an error rate, so its limit is a share of requests in [0, 1], such as 0.02"
              + " for 2 %, not "
              + m.slo());
    }
    MinEffect effect = effect(m.minEffect(), kind);
    return new MetricSpec(
        m.name().trim(),
        kind,
        source,
        quantile,
        direction,
        effect,
        weight,
        m.critical() != null && m.critical(),
        m.slo() == null ? Double.NaN : m.slo());
  }

  private static MetricKind kind(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "error-rate", "errors" -> MetricKind.ERROR_RATE;
      case "latency" -> MetricKind.LATENCY;
      case "value" -> MetricKind.VALUE;
      default ->
          throw new IllegalArgumentException(
              "kind: '"
                  + text
                  + "' is not a metric Spotter measures; use error-rate, latency or value"
                  + " (header:NAME)");
    };
  }

  private static Direction direction(String text, MetricKind kind) {
    if (text == null) {
      return Direction.HIGHER_IS_WORSE;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Direction d =
        switch (t) {
          case "higher-is-worse" -> Direction.HIGHER_IS_WORSE;
          case "lower-is-worse" -> Direction.LOWER_IS_WORSE;
          default ->
              throw new IllegalArgumentException(
                  "direction: use higher-is-worse or lower-is-worse, not '" + text + "'");
        };
    if (kind != MetricKind.VALUE && d != Direction.HIGHER_IS_WORSE) {
      throw new IllegalArgumentException(
          "direction: more errors and more latency are always worse; only value metrics may be"
              + " lower-is-worse");
    }
    return d;
  }

  private static MinEffect effect(SpotterConfig.CanaryEffect e, MetricKind kind) {
    MinEffect d =
        switch (kind) {
          case ERROR_RATE -> new MinEffect(0.5, 0.01);
          case LATENCY -> new MinEffect(0.10, 5);
          case VALUE -> new MinEffect(0.10, 0);
        };
    if (e == null) {
      return d;
    }
    double rel = e.relative() != null ? e.relative() : d.relative();
    double abs = e.absolute() != null ? e.absolute() : d.absolute();
    if (!(rel >= 0) || !Double.isFinite(rel)) {
      throw new IllegalArgumentException(
          "minEffect.relative: a share >= 0, such as 0.1, not " + rel);
    }
    if (!(abs >= 0) || !Double.isFinite(abs)) {
      throw new IllegalArgumentException("minEffect.absolute: a number >= 0, not " + abs);
    }
    return new MinEffect(rel, abs);
  }
}
