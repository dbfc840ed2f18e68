package dev.spotter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window, the empty case and bad input; each figure has its own test class. */
class DoraMetricsTest {
  static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
  static final Instant END = START.plus(Duration.ofDays(30));

  /** A deployment at {@code START + offset}; tweak it with the withers. */
  record Dep(
      Instant deployedAt,
      Instant commitTime,
      DeployResult result,
      Instant recoveredAt,
      boolean unplanned) {
    static Dep at(Duration offset) {
      return new Dep(START.plus(offset), null, DeployResult.SUCCESS, null, false);
    }

    static Dep atDay(long day) {
      return at(Duration.ofDays(day));
    }

    Dep committedBefore(Duration lead) {
      return new Dep(deployedAt, deployedAt.minus(lead), result, recoveredAt, unplanned);
    }

    Dep failed(DeployResult how) {
      return new Dep(deployedAt, commitTime, how, recoveredAt, unplanned);
    }

    Dep failed() {
      return failed(DeployResult.ROLLED_BACK);
    }

    Dep recoveredAfter(Duration recovery) {
      return new Dep(deployedAt, commitTime, result, deployedAt.plus(recovery), unplanned);
    }

    Dep unplannedFix() {
      return new Dep(deployedAt, commitTime, result, recoveredAt, true);
    }

    Deployment build() {
      return new Deployment(0, "v1", commitTime, deployedAt, result, recoveredAt, unplanned, "cli");
    }
  }

  static List<Deployment> all(Dep... deps) {
    return Arrays.stream(deps).map(Dep::build).toList();
  }

  /** {@code n} successful deployments spread over the first days of the window. */
  static List<Deployment> successes(int n) {
    List<Deployment> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Dep.at(Duration.ofHours(i)).build());
    }
    return out;
  }

  static DoraReport thirtyDays(List<Deployment> deployments) {
    return DoraMetrics.compute(deployments, START, END);
  }

  @Test
  void countsDeploymentsFromTheWindowStartIncludedToItsEndExcluded() {
    List<Deployment> deployments =
        all(
            Dep.at(Duration.ofSeconds(-1)).failed().unplannedFix(),
            Dep.at(Duration.ZERO),
            Dep.atDay(15),
            Dep.at(Duration.ofDays(30).minusNanos(1)),
            Dep.atDay(30).failed().unplannedFix(),
            Dep.atDay(400).failed());

    DoraReport report = thirtyDays(deployments);

    assertThat(report.deployments()).isEqualTo(3);
    assertThat(report.changeFailRate().value()).isZero();
    assertThat(report.reworkRate().value()).isZero();
    assertThat(report.from()).isEqualTo(START);
    assertThat(report.to()).isEqualTo(END);
    assertThat(report.window()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void anEmptyWindowHasNoFiguresButAZeroFrequency() {
    DoraReport report = thirtyDays(List.of());

    assertThat(report.deploymentFrequency().value()).isZero();
    assertThat(report.deploymentFrequency().band()).isEqualTo(DoraBand.NONE);
    assertThat(List.of(report.leadTime(), report.leadTimeP90(), report.changeFailRate()))
        .allSatisfy(
            f -> {
              assertThat(f.value()).isNaN();
              assertThat(f.defined()).isFalse();
              assertThat(f.band()).isEqualTo(DoraBand.NONE);
              assertThat(f.sampleSize()).isZero();
              assertThat(f.explanation()).startsWith("No deployment in the 30-day window");
            });
    assertThat(report.recoveryTime().value()).isNaN();
    assertThat(report.recoveryTime().band()).isEqualTo(DoraBand.NONE);
    assertThat(report.reworkRate().value()).isNaN();
    assertThat(report.reworkRate().band()).isEqualTo(DoraBand.NONE);
    assertThat(report.reworkRate().explanation())
        .isEqualTo("No deployment in the 30-day window: no rework rate.");
  }

  @Test
  void deploymentsOnlyOutsideTheWindowLeaveItEmpty() {
    DoraReport report =
        thirtyDays(all(Dep.atDay(-3).committedBefore(Duration.ofHours(2)).failed(), Dep.atDay(31)));

    assertThat(report.deployments()).isZero();
    assertThat(report.leadTime().band()).isEqualTo(DoraBand.NONE);
    assertThat(report.changeFailRate().value()).isNaN();
  }

  @Test
  void figuresListsTheFiveKeysInTheReportsOrder() {
    DoraReport report = thirtyDays(successes(3));

    assertThat(report.figures())
        .extracting(DoraFigure::name)
        .containsExactly(
            "deployment frequency",
            "change lead time",
            "change fail rate",
            "failed deployment recovery time",
            "deployment rework rate");
    assertThat(report.deploymentFrequency().unit()).isEqualTo("deployments per week");
    assertThat(report.leadTime().unit()).isEqualTo("hours");
    assertThat(report.changeFailRate().unit()).isEqualTo("%");
    assertThat(report.recoveryTime().unit()).isEqualTo("hours");
    assertThat(report.reworkRate().unit()).isEqualTo("%");
  }

  @Test
  void doesNotChangeOrKeepTheCallersList() {
    List<Deployment> deployments = new ArrayList<>(successes(2));
    List<Deployment> copy = List.copyOf(deployments);

    thirtyDays(deployments);

    assertThat(deployments).isEqualTo(copy);
  }

  @Test
  void rejectsNullsWithTheirNames() {
    assertThatThrownBy(() -> DoraMetrics.compute(null, START, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deployments must not be null");
    assertThatThrownBy(() -> DoraMetrics.compute(List.of(), null, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowStart must not be null");
    assertThatThrownBy(() -> DoraMetrics.compute(List.of(), START, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowEnd must not be null");
    List<Deployment> withNull = new ArrayList<>(successes(2));
    withNull.add(null);
    assertThatThrownBy(() -> DoraMetrics.compute(withNull, START, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deployments[2] is null");
  }

  @Test
  void rejectsAWindowThatDoesNotEndAfterItStarts() {
    assertThatThrownBy(() -> DoraMetrics.compute(List.of(), END, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "windowEnd (2024-05-01T00:00:00Z) must be after windowStart (2024-05-31T00:00:00Z):"
                + " the window is [windowStart, windowEnd)");
    assertThatThrownBy(() -> DoraMetrics.compute(List.of(), START, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be after windowStart");
  }

  @Test
  void bandLabelsReadAsWordsAndOnlyScalePlacesCountAsRated() {
    assertThat(DoraBand.BELOW_LOW.label()).isEqualTo("below low");
    assertThat(DoraBand.NOT_RATED.label()).isEqualTo("not rated");
    assertThat(DoraBand.values())
        .filteredOn(DoraBand::rated)
        .containsExactly(
            DoraBand.ELITE, DoraBand.HIGH, DoraBand.MEDIUM, DoraBand.LOW, DoraBand.BELOW_LOW);
  }

  @Test
  void aFigureRefusesANegativeSampleSize() {
    assertThatThrownBy(() -> new DoraFigure("x", 1, "%", -1, DoraBand.NONE, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampleSize");
  }
}
