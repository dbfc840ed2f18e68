package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanaryFormatTest {
  @Test
  void millisecondsKeepThreeSignificantDigitsAndWholeNumbersAboveAHundred() {
    assertThat(CanaryFormat.value(31.2, "ms")).isEqualTo("31.2 ms");
    assertThat(CanaryFormat.value(0.35249, "ms")).isEqualTo("0.352 ms");
    assertThat(CanaryFormat.value(1234.6, "ms")).isEqualTo("1235 ms");
    assertThat(CanaryFormat.value(-4.5, "ms")).isEqualTo("-4.5 ms");
    assertThat(CanaryFormat.value(0, "ms")).isEqualTo("0 ms");
  }

  @Test
  void aRatioIsShownAsAPercentage() {
    assertThat(CanaryFormat.value(0.015, "ratio")).isEqualTo("1.5 %");
    assertThat(CanaryFormat.value(0.00012, "ratio")).isEqualTo("0.012 %");
    assertThat(CanaryFormat.effect(0.011, 0.004, 0.018, "ratio")).isEqualTo("1.1 pp [0.4, 1.8]");
    assertThat(CanaryFormat.difference(0.005, "ratio")).isEqualTo("0.5 pp");
  }

  @Test
  void anEffectCarriesItsIntervalWithoutRepeatingTheUnit() {
    assertThat(CanaryFormat.effect(31.2, 27.9, 34.6, "ms")).isEqualTo("31.2 ms [27.9, 34.6]");
    assertThat(CanaryFormat.effect(2, 1, 3, "")).isEqualTo("2 [1, 3]");
    assertThat(CanaryFormat.effect(2, Double.NaN, Double.NaN, "ms")).isEqualTo("2 ms");
    assertThat(CanaryFormat.effect(2, Double.NaN, 3, "ms")).isEqualTo("2 ms [–, 3]");
  }

  @Test
  void whatIsNotANumberIsADash() {
    assertThat(CanaryFormat.value(Double.NaN, "ms")).isEqualTo("–");
    assertThat(CanaryFormat.value(Double.POSITIVE_INFINITY, "ratio")).isEqualTo("–");
    assertThat(CanaryFormat.effect(Double.NaN, Double.NaN, Double.NaN, "ms")).isEqualTo("–");
    assertThat(CanaryFormat.pValue(Double.NaN)).isEqualTo("–");
    assertThat(CanaryFormat.percent(Double.NaN)).isEqualTo("–");
    assertThat(CanaryFormat.number(Double.NEGATIVE_INFINITY)).isEqualTo("–");
  }

  @Test
  void pValuesHaveFourPlacesAndAFloor() {
    assertThat(CanaryFormat.pValue(0.0312)).isEqualTo("0.0312");
    assertThat(CanaryFormat.pValue(0.00001)).isEqualTo("<0.0001");
    assertThat(CanaryFormat.pValue(1)).isEqualTo("1.0000");
  }

  @Test
  void sharesOfTrafficDropTrailingZeros() {
    assertThat(CanaryFormat.percent(5)).isEqualTo("5 %");
    assertThat(CanaryFormat.percent(0.25)).isEqualTo("0.25 %");
    assertThat(CanaryFormat.percent(12.5)).isEqualTo("12.5 %");
    assertThat(CanaryFormat.percent(100)).isEqualTo("100 %");
  }

  @Test
  void axisLatenciesSwitchToSecondsFromASecond() {
    assertThat(CanaryFormat.millis(0.5)).isEqualTo("0.5 ms");
    assertThat(CanaryFormat.millis(20)).isEqualTo("20 ms");
    assertThat(CanaryFormat.millis(1000)).isEqualTo("1 s");
    assertThat(CanaryFormat.millis(2500)).isEqualTo("2.5 s");
  }

  @Test
  void niceAxisBoundsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(CanaryCharts.niceFloor(0.37))
        .isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(CanaryCharts.niceFloor(7)).isEqualTo(5);
    assertThat(CanaryCharts.niceCeil(7)).isEqualTo(10);
    assertThat(CanaryCharts.niceCeil(130)).isEqualTo(200);
    assertThat(CanaryCharts.niceCeil(100)).isEqualTo(100);
  }
}
