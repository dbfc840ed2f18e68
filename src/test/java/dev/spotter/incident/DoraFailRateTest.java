package dev.spotter.incident;

import static dev.spotter.incident.DoraMetricsTest.all;
import static dev.spotter.incident.DoraMetricsTest.thirtyDays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.incident.DoraMetricsTest.Dep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2024 typical change fail rates are not monotone (elite 5 %, high 20 %, medium 10 %, low 40
 * %): a rate goes to the band whose typical rate is nearest, a tie to the lower typical rate.
 */
class DoraFailRateTest {
  private static DoraFigure rate(int failed, int total) {
    List<Deployment> list = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Dep d = Dep.at(Duration.ofMinutes(i));
      list.add((i < failed ? d.failed() : d).build());
    }
    return thirtyDays(list).changeFailRate();
  }

  @Test
  void isFailedOverAllWithTheBriefsSentence() {
    DoraFigure f = rate(3, 40);

    assertThat(f.value()).isEqualTo(7.5);
    assertThat(f.unit()).isEqualTo("%");
    assertThat(f.sampleSize()).isEqualTo(40);
    assertThat(f.band()).isEqualTo(DoraBand.ELITE);
    assertThat(f.explanation())
        .isEqualTo(
            "3 of 40 deployments in the 30-day window needed intervention (7.5 %): between elite"
                + " (about 5 %) and medium (about 10 %), nearest elite (halfway: a tie goes to the"
                + " band with the lower rate).");
  }

  @Test
  void everyResultButSuccessCountsAsFailed() {
    DoraFigure f =
        thirtyDays(
                all(
                    Dep.atDay(1).failed(DeployResult.ROLLED_BACK),
                    Dep.atDay(2).failed(DeployResult.HOTFIX),
                    Dep.atDay(3).failed(DeployResult.INCIDENT),
                    Dep.atDay(4)))
            .changeFailRate();

    assertThat(f.value()).isEqualTo(75.0);
    assertThat(f.band()).isEqualTo(DoraBand.LOW);
  }

  @Test
  void atOrBelowFivePercentIsElite() {
    assertThat(rate(0, 20).band()).isEqualTo(DoraBand.ELITE);
    assertThat(rate(0, 20).explanation())
        .endsWith("(0 %): below elite's typical rate (about 5 %), nearest elite.");
    assertThat(rate(1, 20).band()).isEqualTo(DoraBand.ELITE);
    assertThat(rate(1, 20).explanation())
        .endsWith("(5 %): at elite's typical rate (about 5 %), so elite.");
  }

  @Test
  void fromHalfwayToTenPercentOnItIsNearestMedium() {
    assertThat(rate(74, 1000).band()).isEqualTo(DoraBand.ELITE); // 7.4 %
    assertThat(rate(75, 1000).band()).isEqualTo(DoraBand.ELITE); // 7.5 %: tie, lower rate
    assertThat(rate(76, 1000).band()).isEqualTo(DoraBand.MEDIUM); // 7.6 %
    assertThat(rate(2, 25).band()).isEqualTo(DoraBand.MEDIUM); // 8 %
    assertThat(rate(1, 10).band()).isEqualTo(DoraBand.MEDIUM); // 10 %
  }

  @Test
  void mediumHasALowerTypicalRateThanHighSoTwelvePercentIsMediumAndEighteenHigh() {
    DoraFigure twelve = rate(12, 100);
    assertThat(twelve.band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(twelve.explanation())
        .endsWith("between medium (about 10 %) and high (about 20 %), nearest medium.");
    assertThat(rate(18, 100).band()).isEqualTo(DoraBand.HIGH);
  }

  @Test
  void fifteenPercentIsATieBetweenMediumAndHighAndGoesToMedium() {
    assertThat(rate(15, 100).band()).isEqualTo(DoraBand.MEDIUM);
    assertThat(rate(151, 1000).band()).isEqualTo(DoraBand.HIGH);
    assertThat(rate(1, 5).band()).isEqualTo(DoraBand.HIGH); // 20 %
  }

  @Test
  void thirtyPercentIsATieBetweenHighAndLowAndGoesToHighAboveIsLow() {
    assertThat(rate(3, 10).band()).isEqualTo(DoraBand.HIGH);
    assertThat(rate(301, 1000).band()).isEqualTo(DoraBand.LOW);
    assertThat(rate(2, 5).band()).isEqualTo(DoraBand.LOW); // 40 %
    DoraFigure all = rate(4, 4);
    assertThat(all.band()).isEqualTo(DoraBand.LOW);
    assertThat(all.explanation())
        .endsWith("(100 %): above low's typical rate (about 40 %), nearest low.");
  }

  @Test
  void aFailedDeploymentWithoutRecoveryStillCounts() {
    DoraReport report =
        thirtyDays(
            all(
                Dep.atDay(1).failed(),
                Dep.atDay(2).failed().recoveredAfter(Duration.ofMinutes(30)),
                Dep.atDay(3),
                Dep.atDay(4)));

    assertThat(report.changeFailRate().value()).isEqualTo(50.0);
    assertThat(report.changeFailRate().sampleSize()).isEqualTo(4);
    assertThat(report.recoveryTime().sampleSize()).isEqualTo(1);
  }

  @Test
  void noDeploymentMeansNoRate() {
    DoraFigure f = thirtyDays(List.of()).changeFailRate();

    assertThat(f.value()).isNaN();
    assertThat(f.band()).isEqualTo(DoraBand.NONE);
    assertThat(f.explanation())
        .isEqualTo("No deployment in the 30-day window: no change fail rate.");
  }
}
