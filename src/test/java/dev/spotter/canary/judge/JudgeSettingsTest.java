package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeSettingsTest {
  private static final List<MetricSpec> METRICS = JudgeSettings.defaults(1).metrics();

  @Test
  void defaultsAreValidAndSplitAlphaOverMetricsAndSteps() {
    JudgeSettings d = JudgeSettings.defaults(5);
    assertThat(d.alpha()).isEqualTo(0.05);
    assertThat(d.steps()).isEqualTo(5);
    assertThat(d.metrics())
        .extracting(MetricSpec::name)
        .containsExactly("error-rate", "latency", "latency-p99");
    assertThat(d.metrics().get(0).critical()).isTrue();
    assertThat(d.metrics().get(0).minEffect()).isEqualTo(new MinEffect(0.5, 0.01));
    assertThat(d.metrics().get(2).quantile()).isEqualTo(0.99);
    assertThat(d.passScore()).isEqualTo(95);
    assertThat(d.marginalScore()).isEqualTo(75);
    assertThat(d.minSamples()).isEqualTo(50);
    assertThat(d.alphaPerTest()).isEqualTo(0.05 / 15);
  }

  @Test
  void weightsMustAddUpToAHundred() {
    List<MetricSpec> metrics = new ArrayList<>(METRICS.subList(0, 2)); // 40 + 30
    metrics.add(Data.latency("latency-p99", 0.99, 20, Double.NaN));
    assertThatThrownBy(() -> new JudgeSettings(0.05, 5, metrics, 95, 75, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics: weights add up to 90, not 100");
  }

  @Test
  void marginalScoreMustNotExceedThePassScore() {
    assertThatThrownBy(() -> new JudgeSettings(0.05, 5, METRICS, 70, 80, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("marginalScore: must not exceed passScore 70, not 80");
  }

  @Test
  void anErrorRateMetricCannotCompareAQuantile() {
    assertThatThrownBy(
            () ->
                new MetricSpec(
                    "errors",
                    MetricKind.ERROR_RATE,
                    null,
                    0.99,
                    Direction.HIGHER_IS_WORSE,
                    new MinEffect(0.5, 0.01),
                    100,
                    true,
                    Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "metric 'errors': quantile: an error rate is a share of requests and has no quantile;"
                + " leave it out (NaN), not 0.99");
  }

  @Test
  void metricNamesMustBeUnique() {
    List<MetricSpec> metrics =
        List.of(
            Data.latency("latency", Double.NaN, 50, Double.NaN),
            Data.latency("latency", 0.99, 50, Double.NaN));
    assertThatThrownBy(() -> new JudgeSettings(0.05, 5, metrics, 95, 75, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics: the name 'latency' is used twice");
  }

  @Test
  void otherBadValuesNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> new JudgeSettings(0.7, 5, METRICS, 95, 75, 50))
        .hasMessage("alpha: must be in (0, 0.5], not 0.7");
    assertThatThrownBy(() -> new JudgeSettings(0.05, 0, METRICS, 95, 75, 50))
        .hasMessage("steps: must be >= 1, not 0");
    assertThatThrownBy(() -> new JudgeSettings(0.05, 5, List.of(), 95, 75, 50))
        .hasMessage("metrics: at least one metric is needed, not none");
    assertThatThrownBy(() -> new JudgeSettings(0.05, 5, METRICS, 101, 75, 50))
        .hasMessage("passScore: must be in [0, 100], not 101");
    assertThatThrownBy(() -> new JudgeSettings(0.05, 5, METRICS, 95, 75, 0))
        .hasMessage("minSamples: must be >= 1, not 0");
    assertThatThrownBy(() -> new MinEffect(-0.1, 5))
        .hasMessage("minEffect.relative: must be a finite number >= 0, not -0.1");
    assertThatThrownBy(() -> new MinEffect(0.1, Double.NaN))
        .hasMessage("minEffect.absolute: must be a finite number >= 0, not NaN");
    assertThatThrownBy(
            () ->
                new MetricSpec(
                    "latency",
                    MetricKind.LATENCY,
                    null,
                    Double.NaN,
                    Direction.LOWER_IS_WORSE,
                    new MinEffect(0.1, 5),
                    100,
                    false,
                    Double.NaN))
        .hasMessage(
            "metric 'latency': direction: LATENCY is always HIGHER_IS_WORSE, not LOWER_IS_WORSE");
    assertThatThrownBy(
            () ->
                new MetricSpec(
                    "latency",
                    MetricKind.LATENCY,
                    null,
                    1.5,
                    Direction.HIGHER_IS_WORSE,
                    new MinEffect(0.1, 5),
                    100,
                    false,
                    Double.NaN))
        .hasMessage("metric 'latency': quantile: must be NaN or in (0, 1), not 1.5");
    assertThatThrownBy(
            () ->
                new MetricSpec(
                    "cart",
                    MetricKind.VALUE,
                    null,
                    Double.NaN,
                    Direction.HIGHER_IS_WORSE,
                    new MinEffect(0.1, 5),
                    100,
                    false,
                    Double.NaN))
        .hasMessage("metric 'cart': source: a VALUE metric needs a source key");
    assertThatThrownBy(
            () ->
                new MetricSpec(
                    " ",
                    MetricKind.LATENCY,
                    null,
                    Double.NaN,
                    Direction.HIGHER_IS_WORSE,
                    new MinEffect(0.1, 5),
                    100,
                    false,
                    Double.NaN))
        .hasMessage("metric name: must not be blank, not ' '");
    assertThatThrownBy(() -> new ArmData(5, 6, null, null))
        .hasMessage("arm data: need requests >= errors >= 0, not requests 5 and errors 6");
  }

  @Test
  void weightsWithinToleranceOfAHundredAreAccepted() {
    List<MetricSpec> metrics =
        List.of(
            Data.latency("a", Double.NaN, 100 / 3.0, Double.NaN),
            Data.latency("b", Double.NaN, 100 / 3.0, Double.NaN),
            Data.latency("c", Double.NaN, 100 / 3.0, Double.NaN));
    assertThat(new JudgeSettings(0.05, 1, metrics, 95, 75, 50).metrics()).hasSize(3);
  }
}
