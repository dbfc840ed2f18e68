package dev.spotter.incident;

import static dev.spotter.incident.DoraMetricsTest.all;
import static dev.spotter.incident.DoraMetricsTest.thirtyDays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.incident.DoraMetricsTest.Dep;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Recovery bands: elite under an hour, high an hour to a day (2024 gives medium the same "under a
 * day"), medium a day to a week (a range 2024 leaves open), low a week to a month, then below low.
 */
class DoraRecoveryTest {
  private static DoraFigure medianOf(Duration... recoveries) {
    Dep[] deps = new Dep[recoveries.length];
    for (int i = 0; i < recoveries.length; i++) {
      deps[i] = Dep.atDay(i).failed(DeployResult.INCIDENT).recoveredAfter(recoveries[i]);
    }
    return thirtyDays(all(deps)).recoveryTime();
  }

  private static DoraBand bandOf(Duration recovery) {
    return medianOf(recovery).band();
  }

  @Test
  void isTheMedianOfRecoveredAtMinusDeployedAtOverFailedDeployments() {
    DoraFigure f =
        medianOf(Duration.ofMinutes(30), Duration.ofHours(3), Duration.ofHours(5), Duration.ZERO);

    assertThat(f.value()).isEqualTo(1.75); // (30 min + 3 h) / 2
    assertThat(f.unit()).isEqualTo("hours");
    assertThat(f.sampleSize()).isEqualTo(4);
    assertThat(f.band()).isEqualTo(DoraBand.HIGH);
    assertThat(f.explanation())
        .isEqualTo(
            "Median recovery time 1.8 hours over 4 failed deployments with a recovery time in the"
                + " 30-day window: an hour to a day: high; the 2024 report gives high and medium"
                + " the same \"less than one day\", Spotter says high.");
  }

  @Test
  void failedDeploymentsWithoutRecoveredAtAreLeftOutOfTheMedianOnly() {
    DoraReport report =
        thirtyDays(
            all(
                Dep.atDay(1).failed().recoveredAfter(Duration.ofMinutes(20)),
                Dep.atDay(2).failed(DeployResult.HOTFIX),
                Dep.atDay(3).failed(DeployResult.INCIDENT),
                Dep.atDay(4)));

    assertThat(report.recoveryTime().value()).isEqualTo(20.0 / 60);
    assertThat(report.recoveryTime().sampleSize()).isEqualTo(1);
    assertThat(report.recoveryTime().band()).isEqualTo(DoraBand.ELITE);
    assertThat(report.recoveryTime().explanation())
        .contains("(left out: 2 without a recovery time)");
    assertThat(report.changeFailRate().value()).isEqualTo(75.0);
  }

  @Test
  void aSuccessfulDeploymentsRecoveredAtIsIgnored() {
    DoraFigure f =
        thirtyDays(
                all(
                    Dep.atDay(1).recoveredAfter(Duration.ofDays(20)),
                    Dep.atDay(2).failed().recoveredAfter(Duration.ofMinutes(10))))
            .recoveryTime();

    assertThat(f.sampleSize()).isEqualTo(1);
    assertThat(f.band()).isEqualTo(DoraBand.ELITE);
  }

  @Test
  void aRecoveryAfterTheWindowEndStillCountsForAFailureInside() {
    DoraFigure f =
        thirtyDays(all(Dep.atDay(29).failed().recoveredAfter(Duration.ofDays(3)))).recoveryTime();

    assertThat(f.value()).isEqualTo(72.0);
    assertThat(f.band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(f.explanation())
        .endsWith(
            "a day to a week: medium; the 2024 report leaves a day to a week between medium and"
                + " low, Spotter says medium.");
  }

  @Test
  void underAnHourIsEliteAndAnHourIsHigh() {
    assertThat(bandOf(Duration.ofMinutes(59))).isEqualTo(DoraBand.ELITE);
    assertThat(bandOf(Duration.ofHours(1).minusNanos(1))).isEqualTo(DoraBand.ELITE);
    assertThat(bandOf(Duration.ofHours(1))).isEqualTo(DoraBand.HIGH);
    assertThat(medianOf(Duration.ofHours(1)).explanation())
        .contains("high (exactly on an edge, which belongs to the slower band)");
  }

  @Test
  void underADayIsHighNotMedium() {
    assertThat(bandOf(Duration.ofHours(23))).isEqualTo(DoraBand.HIGH);
    assertThat(bandOf(Duration.ofDays(1).minusSeconds(1))).isEqualTo(DoraBand.HIGH);
  }

  @Test
  void aDayToAWeekIsMediumAWeekToAMonthLowAndLongerBelowLow() {
    assertThat(bandOf(Duration.ofDays(1))).isEqualTo(DoraBand.MEDIUM);
    assertThat(bandOf(Duration.ofDays(7).minusSeconds(1))).isEqualTo(DoraBand.MEDIUM);
    assertThat(bandOf(Duration.ofDays(7))).isEqualTo(DoraBand.LOW);
    assertThat(bandOf(Duration.ofDays(30).minusSeconds(1))).isEqualTo(DoraBand.LOW);
    assertThat(bandOf(Duration.ofDays(30))).isEqualTo(DoraBand.BELOW_LOW);
    assertThat(medianOf(Duration.ofDays(45)).explanation())
        .contains("45 days")
        .endsWith("a month or more: below low.");
  }

  @Test
  void noFailedDeploymentMeansNothingToRecoverFrom() {
    DoraFigure f = thirtyDays(all(Dep.atDay(1), Dep.atDay(2))).recoveryTime();

    assertThat(f.value()).isNaN();
    assertThat(f.band()).isEqualTo(DoraBand.NONE);
    assertThat(f.sampleSize()).isZero();
    assertThat(f.explanation())
        .isEqualTo(
            "None of the 2 deployments in the 30-day window failed: no recovery to measure.");
  }

  @Test
  void failuresWithoutAnyUsableRecoveryTimeGiveNoFigure() {
    Dep backwards =
        Dep.atDay(3).failed().recoveredAfter(Duration.ofHours(-1)); // recovered before deploying

    DoraFigure f = thirtyDays(all(Dep.atDay(1).failed(), backwards, Dep.atDay(5))).recoveryTime();

    assertThat(f.value()).isNaN();
    assertThat(f.band()).isEqualTo(DoraBand.NONE);
    assertThat(f.explanation())
        .isEqualTo(
            "None of the 2 failed deployments in the 30-day window has a usable recovery time"
                + " (left out: 1 without a recovery time, 1 with a recovery time before the"
                + " deployment): no recovery time.");
  }
}
