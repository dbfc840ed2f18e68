package dev.spotter.incident;

import static dev.spotter.incident.DoraMetricsTest.all;
import static dev.spotter.incident.DoraMetricsTest.thirtyDays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.incident.DoraMetricsTest.Dep;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DoraReworkTest {
  @Test
  void isTheShareOfUnplannedDeploymentsAndIsNotRated() {
    DoraFigure f =
        thirtyDays(
                all(
                    Dep.atDay(1).failed(),
                    Dep.at(Duration.ofHours(26)).unplannedFix(),
                    Dep.atDay(2),
                    Dep.atDay(3).unplannedFix().failed(DeployResult.HOTFIX)))
            .reworkRate();

    assertThat(f.value()).isEqualTo(50.0);
    assertThat(f.unit()).isEqualTo("%");
    assertThat(f.sampleSize()).isEqualTo(4);
    assertThat(f.band()).isEqualTo(DoraBand.NOT_RATED);
    assertThat(f.explanation())
        .isEqualTo(
            "2 of 4 deployments in the 30-day window were unplanned, made because of a production"
                + " incident (50 %); not rated: the 2024 report introduced this figure without"
                + " publishing bands for it.");
  }

  @Test
  void noUnplannedDeploymentIsZeroPercent() {
    DoraFigure f = thirtyDays(all(Dep.atDay(1), Dep.atDay(2), Dep.atDay(3))).reworkRate();

    assertThat(f.value()).isZero();
    assertThat(f.band()).isEqualTo(DoraBand.NOT_RATED);
    assertThat(f.explanation()).startsWith("0 of 3 deployments");
  }

  @Test
  void aThirdReadsWithOneDecimalAndOneInTheSingular() {
    DoraFigure f =
        thirtyDays(all(Dep.atDay(1).unplannedFix(), Dep.atDay(2), Dep.atDay(3))).reworkRate();

    assertThat(f.value()).isEqualTo(100.0 / 3);
    assertThat(f.explanation())
        .startsWith("1 of 3 deployments in the 30-day window was unplanned")
        .contains("(33.3 %)");
  }
}
