package dev.spotter.incident;

import static dev.spotter.incident.DoraMetricsTest.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deployment frequency is graded by the average time between deployments (window ÷ count); a band
 * includes its lower edge, so an average exactly on an edge takes the slower band.
 */
class DoraFrequencyTest {
  private static DoraFigure frequency(int deployments, long windowDays) {
    return report(deployments, Duration.ofDays(windowDays)).deploymentFrequency();
  }

  private static DoraReport report(int deployments, Duration window) {
    List<Deployment> list = new ArrayList<>();
    for (int i = 0; i < deployments; i++) {
      // spread evenly inside the window; where they fall does not matter, only how many
      list.add(DoraMetricsTest.Dep.at(window.multipliedBy(i).dividedBy(deployments)).build());
    }
    return DoraMetrics.compute(list, START, START.plus(window));
  }

  @Test
  void reportsDeploymentsPerWeekDayAndMonthWithTheirSampleSize() {
    DoraReport report = report(12, Duration.ofDays(30));

    assertThat(report.deploymentsPerWeek()).isCloseTo(2.8, within(1e-9));
    assertThat(report.deploymentsPerDay()).isCloseTo(0.4, within(1e-9));
    assertThat(report.deploymentsPerMonth()).isCloseTo(12, within(1e-9));
    assertThat(report.deploymentFrequency().sampleSize()).isEqualTo(12);
    assertThat(report.deploymentFrequency().explanation())
        .isEqualTo(
            "12 deployments in the 30-day window: 2.8 per week (0.4 a day, 12 per 30 days),"
                + " one every 2.5 days on average: daily to weekly (one every 1 to 7 days): high.");
  }

  @Test
  void moreThanOnceADayOnAverageIsElite() {
    DoraFigure f = frequency(31, 30);

    assertThat(f.band()).isEqualTo(DoraBand.ELITE);
    assertThat(f.explanation()).contains("on demand, several a day").endsWith(": elite.");
  }

  @Test
  void exactlyOnceADayIsTheSlowerBandHigh() {
    DoraFigure f = frequency(30, 30);

    assertThat(f.band()).isEqualTo(DoraBand.HIGH);
    assertThat(f.explanation())
        .contains("one every 1 day on average")
        .endsWith("high (exactly on an edge, which belongs to the slower band).");
  }

  @Test
  void justMoreThanOnceAWeekIsHighAndExactlyOnceAWeekIsMedium() {
    assertThat(frequency(5, 28).band()).isEqualTo(DoraBand.HIGH); // one every 5.6 days
    assertThat(frequency(4, 28).band()).isEqualTo(DoraBand.MEDIUM); // one every 7 days
    assertThat(frequency(1, 7).band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(frequency(2, 7).band()).isEqualTo(DoraBand.HIGH);
  }

  @Test
  void exactlyOnceAMonthIsLowAndTwiceIsMedium() {
    assertThat(frequency(2, 30).band()).isEqualTo(DoraBand.MEDIUM); // one every 15 days
    assertThat(frequency(1, 30).band()).isEqualTo(DoraBand.LOW); // one every 30 days
    assertThat(frequency(1, 29).band()).isEqualTo(DoraBand.MEDIUM);
  }

  @Test
  void onceInSixMonthsOrFewerIsBelowLow() {
    assertThat(frequency(2, 180).band()).isEqualTo(DoraBand.LOW); // one every 90 days
    assertThat(frequency(1, 179).band()).isEqualTo(DoraBand.LOW);
    DoraFigure f = frequency(1, 180);
    assertThat(f.band()).isEqualTo(DoraBand.BELOW_LOW);
    assertThat(f.explanation()).contains("fewer than once every six months");
    assertThat(frequency(1, 365).band()).isEqualTo(DoraBand.BELOW_LOW);
  }

  @Test
  void noDeploymentIsZeroPerWeekRatedOnlyOverSixMonths() {
    DoraFigure month = frequency(0, 30);
    assertThat(month.value()).isZero();
    assertThat(month.sampleSize()).isZero();
    assertThat(month.band()).isEqualTo(DoraBand.NONE);
    assertThat(month.explanation()).startsWith("No deployment in the 30-day window: too little");

    DoraFigure halfYear = frequency(0, 180);
    assertThat(halfYear.value()).isZero();
    assertThat(halfYear.band()).isEqualTo(DoraBand.BELOW_LOW);
    assertThat(halfYear.explanation())
        .isEqualTo(
            "No deployment in the 180-day window: fewer than once every six months: below low.");
  }

  @Test
  void aWindowShorterThanAWeekHasAValueButNoBand() {
    DoraFigure f = report(10, Duration.ofDays(7).minusSeconds(1)).deploymentFrequency();
    assertThat(f.value()).isGreaterThan(10);
    assertThat(f.band()).isEqualTo(DoraBand.NONE);
    assertThat(f.explanation())
        .endsWith("too short a window to rate, a band needs at least 7 days.");

    DoraFigure hours = report(3, Duration.ofHours(12)).deploymentFrequency();
    assertThat(hours.value()).isCloseTo(42, within(1e-9));
    assertThat(hours.explanation()).startsWith("3 deployments in the 12-hour window: 42 per week");
  }

  @Test
  void aSingleDeploymentReadsInTheSingular() {
    assertThat(frequency(1, 10).explanation())
        .startsWith("1 deployment in the 10-day window: 0.7 per week (0.1 a day, 3 per 30 days)")
        .contains("one every 10 days on average");
  }
}
