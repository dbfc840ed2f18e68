package dev.spotter.diff.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.ValueChange;
import dev.spotter.model.Endpoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OldBuildCauseTest {
  private static final Endpoint PACKAGE = new Endpoint("GET", "/packages/{name}");
  private static final Endpoint PUBLISH = new Endpoint("PUT", "/packages/{name}");
  private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");

  private final FindingCollector collector = new FindingCollector(NoiseSettings.defaults());

  private static Difference versions(String primary, String other) {
    return new Difference(
        "/body/versions/2",
        "/body/versions/*",
        DifferenceKind.FIELD_MISSING,
        primary,
        other,
        ValueChange.NONE);
  }

  private static Difference value(String path, String primary, String other) {
    return new Difference(
        path,
        path,
        DifferenceKind.VALUE_CHANGED,
        primary,
        other,
        new ValueChange.Textual("a", "a"));
  }

  private Finding finding(String path, DifferenceKind kind) {
    return collector.report().stream()
        .filter(r -> r.endpoint().equals(PACKAGE))
        .flatMap(r -> r.findings().stream())
        .filter(f -> f.path().equals(path) && f.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + path + " " + kind));
  }

  private void publishReachedThePrimaryOnly(Instant at) {
    collector.writeDrifted(
        new DriftingWrite(
            PUBLISH, at, List.of("primary"), "not mirrored without --allow-side-effects"));
  }

  /** Reads after the publish: both mirrors lack the version the primary now lists. */
  private void readsWhereTheMirrorsLackTheWrite(int from, int to, Instant start) {
    for (int i = from; i < to; i++) {
      Difference missing = versions("\"1.0." + i + "\"", null);
      collector.record(PACKAGE, "e" + i, List.of(missing), List.of(missing), start.plusSeconds(i));
    }
  }

  @Test
  void differencesOfBothMirrorsAfterAWriteOnlyThePrimaryTookAreUndecidedForDriftNotNoise() {
    for (int i = 0; i < 20; i++) {
      collector.record(PACKAGE, "before" + i, List.of(), List.of(), T0.plusMillis(i));
    }
    publishReachedThePrimaryOnly(T0.plusSeconds(1));
    readsWhereTheMirrorsLackTheWrite(0, 14, T0.plusSeconds(2));

    Finding f = finding("/body/versions/*", DifferenceKind.FIELD_MISSING);
    assertThat(f.verdict()).isEqualTo(Verdict.UNDECIDED);
    assertThat(f.cause()).isEqualTo(FindingCause.STATE_DRIFT);
    assertThat(f.reason())
        .startsWith("State may have drifted: 1 write reached the primary only")
        .contains("first: PUT /packages/{name} at 2026-12-08T00:00:01Z")
        .contains("--allow-side-effects against disposable copies")
        .contains("same snapshot")
        .doesNotContain("nondeterministic");
    RunFindings run = collector.judge();
    assertThat(run.undecided()).isEqualTo(1);
    // asking again cannot undo the write
    assertThat(run.askAgain()).isEmpty();
    assertThat(run.drift().writes()).isEqualTo(1);
    assertThat(run.drift().byEndpoint()).containsEntry(PUBLISH, 1L);
  }

  @Test
  void withoutTheDriftTheSameCountsAreNoise() {
    readsWhereTheMirrorsLackTheWrite(0, 14, T0);
    Finding f = finding("/body/versions/*", DifferenceKind.FIELD_MISSING);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.cause()).isEqualTo(FindingCause.NONE);
  }

  @Test
  void noiseTheOldBuildShowedBeforeTheDriftStaysItsOwn() {
    for (int i = 0; i < 20; i++) {
      Difference id = value("/body/requestId", "p" + i, "s" + i);
      Difference candidateId = value("/body/requestId", "p" + i, "c" + i);
      if (i == 10) {
        publishReachedThePrimaryOnly(T0.plusSeconds(i));
      }
      collector.record(PACKAGE, "e" + i, List.of(candidateId), List.of(id), T0.plusSeconds(i));
    }
    Finding f = finding("/body/requestId", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.cause()).isEqualTo(FindingCause.NONE);
    assertThat(f.reason()).contains("nondeterministic");
  }

  @Test
  void aDifferenceOfTheSecondaryAloneAfterTheDriftIsNamedButHidesNoChange() {
    publishReachedThePrimaryOnly(T0);
    for (int i = 0; i < 6; i++) {
      Difference missing = versions("\"1.0." + i + "\"", null);
      collector.record(PACKAGE, "e" + i, List.of(), List.of(missing), T0.plusSeconds(1 + i));
    }
    Finding f = finding("/body/versions/*", DifferenceKind.FIELD_MISSING);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.cause()).isEqualTo(FindingCause.STATE_DRIFT);
    assertThat(f.reason()).contains("the candidate never does, so no change of it hides here");
  }

  @Test
  void aReadOfUnknownTimeCountsAsAfterTheDrift() {
    publishReachedThePrimaryOnly(T0);
    for (int i = 0; i < 14; i++) {
      Difference missing = versions("\"1.0." + i + "\"", null);
      collector.record(PACKAGE, "e" + i, List.of(missing), List.of(missing));
    }
    assertThat(finding("/body/versions/*", DifferenceKind.FIELD_MISSING).cause())
        .isEqualTo(FindingCause.STATE_DRIFT);
  }

  @Test
  void aChangeTheSecondaryDoesNotShareStaysARegressionAfterTheDrift() {
    publishReachedThePrimaryOnly(T0);
    for (int i = 0; i < 100; i++) {
      collector.record(
          PACKAGE,
          "e" + i,
          List.of(value("/body/license", "\"MIT\"", "\"mit\"")),
          i == 0 ? List.of(value("/body/license", "\"MIT\"", "\"ISC\"")) : List.of(),
          T0.plusSeconds(1 + i));
    }
    Finding f = finding("/body/license", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(f.cause()).isEqualTo(FindingCause.NONE);
  }

  @Test
  void aValueEachCopyKeepsIsPerInstanceNotNondeterministic() {
    // the primary always says host-a, the secondary host-b, the candidate host-c, whatever the
    // request, and on every ask
    for (int i = 0; i < 30; i++) {
      RequestRef ref =
          collector
              .record(
                  PACKAGE,
                  "e" + i,
                  List.of(value("/body/servedBy", "host-a", "host-c")),
                  List.of(value("/body/servedBy", "host-a", "host-b")),
                  T0.plusSeconds(i))
              .request();
      if (i % 10 == 0) {
        collector.recordRepeat(
            ref,
            List.of(value("/body/servedBy", "host-a", "host-c")),
            List.of(value("/body/servedBy", "host-a", "host-b")));
      }
    }
    Finding f = finding("/body/servedBy", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.cause()).isEqualTo(FindingCause.PER_INSTANCE);
    assertThat(f.reason())
        .startsWith(
            "Differs between copies of the old build (one value per copy: likely the host, the"
                + " instance or its state)")
        .contains("keeps one of its own")
        .doesNotContain("nondeterministic");
  }

  @Test
  void aValueThatDiffersAsOftenButChangesFromCallToCallIsNondeterministic() {
    for (int i = 0; i < 30; i++) {
      collector.record(
          PACKAGE,
          "e" + i,
          List.of(value("/body/servedBy", "host-a", "host-" + (i % 3))),
          List.of(value("/body/servedBy", "host-a", "host-" + (i % 5))),
          T0.plusSeconds(i));
    }
    Finding f = finding("/body/servedBy", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.cause()).isEqualTo(FindingCause.NONE);
    assertThat(f.reason()).contains("nondeterministic");
  }

  @Test
  void aSingleDifferenceOfTheSecondaryIsNotEnoughToCallAValueItsOwn() {
    collector.record(
        PACKAGE, "e0", List.of(), List.of(value("/body/servedBy", "host-a", "host-b")), T0);
    assertThat(finding("/body/servedBy", DifferenceKind.VALUE_CHANGED).cause())
        .isEqualTo(FindingCause.NONE);
  }

  @Test
  void theDriftIsCountedPerSetOfTargetsAndNamesTheEarliestWrite() {
    publishReachedThePrimaryOnly(T0.plusSeconds(5));
    publishReachedThePrimaryOnly(T0.plusSeconds(9));
    collector.writeDrifted(
        new DriftingWrite(
            new Endpoint("POST", "/posts"),
            T0.plusSeconds(3),
            List.of("primary", "candidate"),
            "the secondary answered 500"));
    StateDrift drift = collector.drift();
    assertThat(drift.writes()).isEqualTo(3);
    assertThat(drift.sentence())
        .isEqualTo(
            "2 writes reached the primary only, 1 write the primary and the candidate only"
                + " (first: POST /posts at 2026-12-08T00:00:03Z, the secondary answered 500)");
  }
}
