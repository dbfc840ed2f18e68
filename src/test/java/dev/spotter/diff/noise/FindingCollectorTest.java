package dev.spotter.diff.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.ValueChange;
import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FindingCollectorTest {
  private static final Endpoint ORDERS = new Endpoint("GET", "/orders/{id}");
  private static final Endpoint HEALTH = new Endpoint("GET", "/health");

  private final FindingCollector collector = new FindingCollector(NoiseSettings.defaults());

  private static Difference value(String path, ValueChange change) {
    return new Difference(path, path, DifferenceKind.VALUE_CHANGED, "a", "b", change);
  }

  private static Difference of(String path, DifferenceKind kind) {
    return new Difference(path, path, kind, "a", "b", ValueChange.NONE);
  }

  private static final Difference REQUEST_ID =
      value("/body/requestId", new ValueChange.Textual("uuid", "uuid"));

  private Finding finding(Endpoint endpoint, String path, DifferenceKind kind) {
    return collector.report().stream()
        .filter(r -> r.endpoint().equals(endpoint))
        .flatMap(r -> r.findings().stream())
        .filter(f -> f.path().equals(path) && f.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + path + " " + kind));
  }

  @Test
  void aDeterministicPathThatChangesIsARegression() {
    for (int i = 0; i < 100; i++) {
      collector.record(
          ORDERS,
          "e" + i,
          i % 2 == 0 ? List.of(value("/body/tax", new ValueChange.Numeric(0.01))) : List.of(),
          List.of());
    }
    Finding f = finding(ORDERS, "/body/tax", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(f.candidateCount()).isEqualTo(50);
    assertThat(f.noiseCount()).isZero();
    assertThat(f.reason()).contains("never varies").contains("50 of 100 requests (50.0 %)");
  }

  @Test
  void aPathThatIsAsNoisyInTheSecondaryIsNoiseAndSaysWhy() {
    for (int i = 0; i < 200; i++) {
      collector.record(ORDERS, "e" + i, List.of(REQUEST_ID), List.of(REQUEST_ID));
    }
    Finding f = finding(ORDERS, "/body/requestId", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.reason()).contains("nondeterministic");
  }

  @Test
  void reportsTypeChangeEvenWhenValuesAreNoisy() {
    // The total is noisy in value; the candidate turns it into a string on every request.
    Difference noisyTotal = value("/body/total", new ValueChange.Numeric(0.3));
    Difference typeChange = of("/body/total", DifferenceKind.TYPE_CHANGED);
    for (int i = 0; i < 100; i++) {
      collector.record(ORDERS, "e" + i, List.of(typeChange), List.of(noisyTotal));
    }
    assertThat(finding(ORDERS, "/body/total", DifferenceKind.TYPE_CHANGED).verdict())
        .isEqualTo(Verdict.REGRESSION);
    assertThat(finding(ORDERS, "/body/total", DifferenceKind.VALUE_CHANGED).verdict())
        .isEqualTo(Verdict.NOISE);
  }

  @Test
  void aRandomFieldThatDisappearsIsARegression() {
    Difference missing = of("/body/requestId", DifferenceKind.FIELD_MISSING);
    for (int i = 0; i < 100; i++) {
      collector.record(ORDERS, "e" + i, List.of(missing), List.of(REQUEST_ID));
    }
    assertThat(finding(ORDERS, "/body/requestId", DifferenceKind.FIELD_MISSING).verdict())
        .isEqualTo(Verdict.REGRESSION);
  }

  @Test
  void elementShapeChangeInANoisyArrayIsARegression() {
    Difference noisySku = value("/body/items/*/sku", new ValueChange.Textual("text", "text"));
    Difference lostQty = of("/body/items/*/qty", DifferenceKind.FIELD_MISSING);
    Difference newQuantity = of("/body/items/*/quantity", DifferenceKind.FIELD_ADDED);
    for (int i = 0; i < 60; i++) {
      collector.record(ORDERS, "e" + i, List.of(noisySku, lostQty, newQuantity), List.of(noisySku));
    }
    assertThat(finding(ORDERS, "/body/items/*/qty", DifferenceKind.FIELD_MISSING).verdict())
        .isEqualTo(Verdict.REGRESSION);
    assertThat(finding(ORDERS, "/body/items/*/quantity", DifferenceKind.FIELD_ADDED).verdict())
        .isEqualTo(Verdict.REGRESSION);
    assertThat(finding(ORDERS, "/body/items/*/sku", DifferenceKind.VALUE_CHANGED).verdict())
        .isEqualTo(Verdict.NOISE);
  }

  @Test
  void aRoundingChangeHiddenInFloatingPointNoiseIsARegression() {
    Difference jitter = value("/body/total", new ValueChange.Numeric(1.2e-16));
    Difference rounding = value("/body/total", new ValueChange.Numeric(4e-4));
    for (int i = 0; i < 200; i++) {
      // Half the requests show jitter in both; a third of them are rounded differently.
      List<Difference> noise = i % 2 == 0 ? List.of(jitter) : List.of();
      List<Difference> candidate =
          i % 3 == 0 ? List.of(rounding) : (i % 2 == 0 ? List.of(jitter) : List.of());
      collector.record(ORDERS, "e" + i, candidate, noise);
    }
    Finding f = finding(ORDERS, "/body/total", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(f.unexplainedCount()).isEqualTo(67);
    assertThat(f.reason()).contains("rounding jitter");
  }

  @Test
  void floatingPointJitterAloneStaysNoise() {
    Difference jitter = value("/body/total", new ValueChange.Numeric(1.2e-16));
    Difference otherJitter = value("/body/total", new ValueChange.Numeric(2.4e-15));
    for (int i = 0; i < 200; i++) {
      collector.record(
          ORDERS,
          "e" + i,
          i % 2 == 0 ? List.of(otherJitter) : List.of(),
          i % 2 == 1 ? List.of(jitter) : List.of());
    }
    assertThat(finding(ORDERS, "/body/total", DifferenceKind.VALUE_CHANGED).verdict())
        .isEqualTo(Verdict.NOISE);
  }

  @Test
  void aNoisyTimestampThatChangesFormIsARegression() {
    Difference sameForm = value("/body/servedAt", new ValueChange.Textual("datetime", "datetime"));
    Difference newForm = value("/body/servedAt", new ValueChange.Textual("datetime", "integer"));
    for (int i = 0; i < 100; i++) {
      collector.record(ORDERS, "e" + i, List.of(newForm), List.of(sameForm));
    }
    Finding f = finding(ORDERS, "/body/servedAt", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(f.reason()).contains("datetime to integer");
  }

  @Test
  void anExcessWithinTheRelativeMarginIsNoise() {
    Difference d = value("/body/score", new ValueChange.Numeric(0.2));
    for (int i = 0; i < 1000; i++) {
      boolean candidate = i % 100 < 55;
      boolean noise = (i + 7) % 100 < 50;
      collector.record(
          ORDERS, "e" + i, candidate ? List.of(d) : List.of(), noise ? List.of(d) : List.of());
    }
    Finding f = finding(ORDERS, "/body/score", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.reason()).contains("relative, within the 20.0 %");
  }

  @Test
  void anExcessThatChanceExplainsOnAFewRequestsIsNoise() {
    // 7 against 4 on 12 requests passes Diffy's margins but is what chance gives.
    Difference d = value("/body/score", new ValueChange.Numeric(0.5));
    boolean[] cand = {true, true, true, true, true, true, true, false, false, false, false, false};
    boolean[] noise = {
      false, false, false, false, true, true, true, true, false, false, false, false
    };
    for (int i = 0; i < cand.length; i++) {
      collector.record(
          ORDERS, "e" + i, cand[i] ? List.of(d) : List.of(), noise[i] ? List.of(d) : List.of());
    }
    Finding f = finding(ORDERS, "/body/score", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.pValue()).isEqualTo(6.0 / 32); // P(X >= 4) for X ~ Binomial(5, 1/2)
    assertThat(f.reason())
        .isEqualTo(
            "The candidate differs on 7 of 12 requests (58.3 %), the secondary on 4 of 12"
                + " requests (33.3 %): an excess of 3 that chance explains (p = 0.188, needs <"
                + " 0.01).");
  }

  @Test
  void aNoisyPathThatTheCandidateChangesFarMoreOftenIsARegression() {
    Difference d = value("/body/cache", new ValueChange.Textual("text", "text"));
    for (int i = 0; i < 400; i++) {
      collector.record(ORDERS, "e" + i, List.of(d), i % 10 == 0 ? List.of(d) : List.of());
    }
    Finding f = finding(ORDERS, "/body/cache", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION);
    assertThat(f.reason()).contains("nondeterminism does not explain");
  }

  @Test
  void aRareChangeBelowTheAbsoluteMarginIsNoise() {
    Difference d = value("/body/flag", ValueChange.NONE);
    for (int i = 0; i < 10_000; i++) {
      collector.record(ORDERS, "e" + i, i == 5 ? List.of(d) : List.of(), List.of());
    }
    assertThat(finding(ORDERS, "/body/flag", DifferenceKind.VALUE_CHANGED).verdict())
        .isEqualTo(Verdict.NOISE);
  }

  @Test
  void aPathWhereOnlyTheSecondaryDiffersIsListedAsNoise() {
    for (int i = 0; i < 10; i++) {
      collector.record(HEALTH, "h" + i, List.of(), List.of(REQUEST_ID));
    }
    Finding f = finding(HEALTH, "/body/requestId", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).isEqualTo(Verdict.NOISE);
    assertThat(f.candidateCount()).isZero();
    assertThat(f.examples()).hasSize(5);
    assertThat(f.reason()).contains("Only the old build varies");
  }

  @Test
  void examplesAreKeptUpToTheLimitAndOnlyThenIsTheExchangeNeeded() {
    Difference d = of("/status", DifferenceKind.STATUS_CHANGED);
    List<Boolean> kept = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      kept.add(collector.record(ORDERS, "e" + i, List.of(d), List.of()));
    }
    assertThat(kept).containsExactly(true, true, true, true, true, false, false, false);
    assertThat(finding(ORDERS, "/status", DifferenceKind.STATUS_CHANGED).examples())
        .containsExactly("e0", "e1", "e2", "e3", "e4");
  }

  @Test
  void regressingCountsRequestsWithAnyRegressionOnceAndEndpointsWithRegressionsComeFirst() {
    Difference a = of("/body/a", DifferenceKind.FIELD_MISSING);
    Difference b = of("/body/b", DifferenceKind.TYPE_CHANGED);
    for (int i = 0; i < 50; i++) {
      collector.record(HEALTH, "h" + i, List.of(), List.of());
    }
    for (int i = 0; i < 10; i++) {
      List<Difference> diffs = i < 4 ? List.of(a, b) : (i < 6 ? List.of(a) : List.of());
      collector.record(ORDERS, "e" + i, diffs, List.of());
    }
    List<EndpointReport> reports = collector.report();
    assertThat(reports).extracting(EndpointReport::endpoint).containsExactly(ORDERS, HEALTH);
    EndpointReport orders = reports.get(0);
    assertThat(orders.requests()).isEqualTo(10);
    assertThat(orders.differing()).isEqualTo(6);
    assertThat(orders.regressing()).isEqualTo(6);
    assertThat(orders.regressions()).isEqualTo(2);
  }

  @Test
  void severalDifferencesAtOneFoldedPathCountTheRequestOnce() {
    Difference first =
        new Difference(
            "/body/items/0/qty",
            "/body/items/*/qty",
            DifferenceKind.VALUE_CHANGED,
            "1",
            "2",
            new ValueChange.Numeric(0.5));
    Difference second =
        new Difference(
            "/body/items/1/qty",
            "/body/items/*/qty",
            DifferenceKind.VALUE_CHANGED,
            "1",
            "2",
            new ValueChange.Numeric(0.5));
    collector.record(ORDERS, "e1", List.of(first, second), List.of());
    assertThat(finding(ORDERS, "/body/items/*/qty", DifferenceKind.VALUE_CHANGED).candidateCount())
        .isEqualTo(1);
  }

  @Test
  void recordingFromManyThreadsLosesNoCount() throws InterruptedException {
    Difference d = of("/body/x", DifferenceKind.FIELD_ADDED);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 10_000;
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  collector.record(ORDERS, "e" + (base + i), List.of(d), List.of());
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(finding(ORDERS, "/body/x", DifferenceKind.FIELD_ADDED).candidateCount())
        .isEqualTo(40_000);
  }

  @Test
  void aStructuralChangeIsNeverDismissedAsNoise() {
    // Randomized: any mix of noisy values on random paths, and one structural change the
    // candidate makes on a share of requests above the absolute margin, is a regression.
    DifferenceKind[] structural = {
      DifferenceKind.TYPE_CHANGED,
      DifferenceKind.FIELD_MISSING,
      DifferenceKind.FIELD_ADDED,
      DifferenceKind.ARRAY_LENGTH_CHANGED,
      DifferenceKind.STATUS_CHANGED
    };
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      FindingCollector c = new FindingCollector(NoiseSettings.defaults());
      String path = "/body/f" + random.nextInt(5);
      DifferenceKind kind = structural[random.nextInt(structural.length)];
      Difference change = of(path, kind);
      double noiseRate = random.nextDouble();
      double changeRate = 0.05 + random.nextDouble() * 0.95;
      int requests = 50 + random.nextInt(500);
      for (int i = 0; i < requests; i++) {
        List<Difference> noise = new ArrayList<>();
        List<Difference> candidate = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
          Difference noisy = value("/body/f" + p, new ValueChange.Numeric(random.nextDouble()));
          if (random.nextDouble() < noiseRate) {
            noise.add(noisy);
          }
          if (random.nextDouble() < noiseRate) {
            candidate.add(noisy);
          }
        }
        if (i == 0 || random.nextDouble() < changeRate) {
          candidate.add(change);
        }
        c.record(ORDERS, "e" + i, candidate, noise);
      }
      Finding f =
          c.report().get(0).findings().stream()
              .filter(x -> x.path().equals(path) && x.kind() == kind)
              .findFirst()
              .orElseThrow();
      assertThat(f.verdict())
          .as("seed %d: %s %s: %s", seed, path, kind, f.reason())
          .isEqualTo(Verdict.REGRESSION);
    }
  }

  @Test
  void aCandidateThatIsAnotherCopyOfTheOldBuildIsRarelyCalledARegressionUnlikeWithDiffysRule() {
    // Randomized A/A on sparse noise and small samples, where margins alone are fooled by chance.
    int ours = falseAlarmsInAaRuns(NoiseSettings.defaults());
    int diffyOnly = falseAlarmsInAaRuns(new NoiseSettings(0.20, 0.0003, 0.999999, 5));
    assertThat(ours).as("false alarms of 300 A/A runs with the exact test").isLessThanOrEqualTo(6);
    assertThat(diffyOnly).as("false alarms of 300 A/A runs with margins only").isGreaterThan(25);
  }

  private static int falseAlarmsInAaRuns(NoiseSettings settings) {
    int alarms = 0;
    for (long seed = 1; seed <= 300; seed++) {
      Random random = new Random(seed);
      FindingCollector c = new FindingCollector(settings);
      double rate = 0.01 + random.nextDouble() * 0.2;
      int requests = 20 + random.nextInt(200);
      Difference d = value("/body/v", new ValueChange.Numeric(0.1 + random.nextDouble() * 0.5));
      for (int i = 0; i < requests; i++) {
        c.record(
            ORDERS,
            "e" + i,
            random.nextDouble() < rate ? List.of(d) : List.of(),
            random.nextDouble() < rate ? List.of(d) : List.of());
      }
      alarms += (int) c.report().stream().mapToLong(EndpointReport::regressions).sum();
    }
    return alarms;
  }

  @Test
  void aRandomValueThatNowAndThenTakesAnOddFormIsStillNoise() {
    // Random hex ids are sometimes all digits; one such change falling to the candidate is chance.
    Difference hex = value("/body/traceId", new ValueChange.Textual("hex", "hex"));
    Difference odd = value("/body/traceId", new ValueChange.Textual("hex", "integer"));
    for (int i = 0; i < 186; i++) {
      collector.record(ORDERS, "e" + i, List.of(i == 40 ? odd : hex), List.of(hex));
    }
    Finding f = finding(ORDERS, "/body/traceId", DifferenceKind.VALUE_CHANGED);
    assertThat(f.verdict()).as(f.reason()).isEqualTo(Verdict.NOISE);
  }
}
