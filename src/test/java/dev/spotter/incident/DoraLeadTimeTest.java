package dev.spotter.incident;

import static dev.spotter.incident.DoraMetricsTest.all;
import static dev.spotter.incident.DoraMetricsTest.thirtyDays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spotter.incident.DoraMetricsTest.Dep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoraLeadTimeTest {
  private static Dep leadOf(Duration lead) {
    return Dep.atDay(1).committedBefore(lead);
  }

  private static DoraFigure medianOf(Duration... leads) {
    List<Deployment> list = new ArrayList<>();
    for (Duration lead : leads) {
      list.add(leadOf(lead).build());
    }
    return thirtyDays(list).leadTime();
  }

  private static Duration hours(long h) {
    return Duration.ofHours(h);
  }

  private static Duration days(long d) {
    return Duration.ofDays(d);
  }

  @Test
  void isTheMedianOfDeployedAtMinusCommitTimeInHours() {
    DoraFigure f = medianOf(hours(1), hours(30), hours(2));

    assertThat(f.value()).isEqualTo(2.0);
    assertThat(f.sampleSize()).isEqualTo(3);
    assertThat(f.band()).isEqualTo(DoraBand.ELITE);
    assertThat(f.explanation())
        .isEqualTo(
            "Median change lead time 2 hours over 3 deployments with a commit time in the 30-day"
                + " window: under a day: elite.");
  }

  @Test
  void anEvenCountTakesTheMeanOfTheTwoMiddleLeadTimes() {
    assertThat(medianOf(hours(1), hours(4), hours(2), hours(100)).value()).isEqualTo(3.0);
  }

  @Test
  void theP90IsTheNearestRankAndIsNotRated() {
    List<Duration> leads = new ArrayList<>();
    for (int h = 1; h <= 10; h++) {
      leads.add(hours(h));
    }
    DoraReport ten = thirtyDays(leads.stream().map(l -> leadOf(l).build()).toList());
    assertThat(ten.leadTime().value()).isEqualTo(5.5);
    assertThat(ten.leadTimeP90().value()).isEqualTo(9.0); // the 9th of 10
    assertThat(ten.leadTimeP90().band()).isEqualTo(DoraBand.NOT_RATED);
    assertThat(ten.leadTimeP90().sampleSize()).isEqualTo(10);
    assertThat(ten.leadTimeP90().explanation())
        .startsWith(
            "At least 9 in 10 of the 10 deployments with a commit time in the 30-day window"
                + " reached production within 9 hours")
        .contains("not rated");

    leads.add(hours(11));
    DoraReport eleven = thirtyDays(leads.stream().map(l -> leadOf(l).build()).toList());
    assertThat(eleven.leadTimeP90().value()).isEqualTo(10.0); // the 10th of 11: ceil(9.9)

    DoraReport one = thirtyDays(all(leadOf(hours(7))));
    assertThat(one.leadTimeP90().value()).isEqualTo(7.0);
  }

  @Test
  void underADayIsEliteAndExactlyADayIsHigh() {
    assertThat(medianOf(days(1).minusNanos(1)).band()).isEqualTo(DoraBand.ELITE);
    DoraFigure f = medianOf(days(1));
    assertThat(f.band()).isEqualTo(DoraBand.HIGH);
    assertThat(f.value()).isEqualTo(24.0);
    assertThat(f.explanation())
        .endsWith("a day to a week: high (exactly on an edge, which belongs to the slower band).");
  }

  @Test
  void aWeekStartsMediumAMonthStartsLowAndSixMonthsIsBelowLow() {
    assertThat(medianOf(days(7).minusSeconds(1)).band()).isEqualTo(DoraBand.HIGH);
    assertThat(medianOf(days(7)).band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(medianOf(days(30).minusSeconds(1)).band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(medianOf(days(30)).band()).isEqualTo(DoraBand.LOW);
    assertThat(medianOf(days(180).minusSeconds(1)).band()).isEqualTo(DoraBand.LOW);
    DoraFigure slow = medianOf(days(180));
    assertThat(slow.band()).isEqualTo(DoraBand.BELOW_LOW);
    assertThat(slow.explanation()).contains("six months or more: below low");
  }

  @Test
  void aZeroLeadTimeIsElite() {
    DoraFigure f = medianOf(Duration.ZERO);
    assertThat(f.value()).isZero();
    assertThat(f.band()).isEqualTo(DoraBand.ELITE);
  }

  @Test
  void deploymentsWithoutACommitTimeAreLeftOutAndSaidSo() {
    DoraFigure f =
        thirtyDays(all(leadOf(hours(3)), leadOf(hours(5)), Dep.atDay(2), Dep.atDay(3).failed()))
            .leadTime();

    assertThat(f.value()).isEqualTo(4.0);
    assertThat(f.sampleSize()).isEqualTo(2);
    assertThat(f.explanation())
        .contains("over 2 deployments with a commit time")
        .contains("(left out: 2 without a commit time)");
  }

  @Test
  void aCommitAfterItsDeploymentIsBadDataAndLeftOut() {
    Dep skewed = Dep.atDay(4).committedBefore(hours(-2));

    DoraFigure f = thirtyDays(all(leadOf(hours(3)), skewed)).leadTime();

    assertThat(f.value()).isEqualTo(3.0);
    assertThat(f.sampleSize()).isEqualTo(1);
    assertThat(f.explanation()).contains("(left out: 1 with a commit time after the deployment)");
  }

  @Test
  void noUsableCommitTimeMeansNoLeadTimeAndSaysWhatIsMissing() {
    DoraReport report = thirtyDays(all(Dep.atDay(2), Dep.atDay(3)));

    assertThat(report.leadTime().value()).isNaN();
    assertThat(report.leadTime().band()).isEqualTo(DoraBand.NONE);
    assertThat(report.leadTime().sampleSize()).isZero();
    assertThat(report.leadTime().explanation())
        .isEqualTo(
            "None of the 2 deployments in the 30-day window has a usable commit time"
                + " (left out: 2 without a commit time): no change lead time.");
    assertThat(report.leadTimeP90().value()).isNaN();
    assertThat(report.leadTimeP90().band()).isEqualTo(DoraBand.NONE);
  }

  @Test
  void aLeadTimeIsCountedByItsDeploymentNotItsCommit() {
    // committed 40 days before the window, deployed inside it: counts, with its full lead time
    DoraFigure f = thirtyDays(all(leadOf(days(41)))).leadTime();

    assertThat(f.sampleSize()).isEqualTo(1);
    assertThat(f.value()).isCloseTo(41 * 24, within(1e-9));
    assertThat(f.band()).isEqualTo(DoraBand.LOW);
  }
}
