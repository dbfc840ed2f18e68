package dev.spotter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Exchange;
import dev.spotter.model.HttpResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code spotter demo} does, checked with an independent leaf-by-leaf comparison instead of
 * Spotter's diff: traffic recorded on an OLD primary, replayed to a second OLD instance and to the
 * NEW build. The secondary differs on the declared noise paths only, and on all of them; once noise
 * is set aside, the candidate differs exactly on the planted paths of the planted endpoints.
 */
class PlantedRegressionsTest {
  private static final long SEED = 7;
  private static final int REQUESTS = 600;

  private static final List<LegacyOrdersService> running = new ArrayList<>();
  private static List<Exchange> recorded;
  private static List<HttpResponseData> secondary;
  private static List<HttpResponseData> candidate;

  @BeforeAll
  static void recordAndReplay() throws Exception {
    LegacyOrdersService primary = start(Build.OLD);
    LegacyOrdersService second = start(Build.OLD);
    LegacyOrdersService neu = start(Build.NEW);
    recorded = TrafficGenerator.withDefaults().run(primary.baseUri(), REQUESTS, SEED);
    secondary = Replay.to(second.baseUri(), recorded);
    candidate = Replay.to(neu.baseUri(), recorded);
  }

  @AfterAll
  static void stopAll() {
    running.forEach(LegacyOrdersService::close);
  }

  private static LegacyOrdersService start(Build build) {
    LegacyOrdersService s = LegacyOrdersService.start(build, 0);
    running.add(s);
    return s;
  }

  /** A difference seen on an endpoint, with how often. */
  record Seen(Endpoint endpoint, String path, String kind) {}

  private static Map<Seen, Integer> differences(List<HttpResponseData> others) {
    Map<Seen, Integer> seen = new HashMap<>();
    for (int i = 0; i < recorded.size(); i++) {
      Exchange e = recorded.get(i);
      Endpoint endpoint =
          LegacyOrdersService.endpointOf(e.request().method(), e.request().path()).orElseThrow();
      // a planted regression counts once per exchange, however many indexes it shows at
      ResponseTree.diff(e.response(), others.get(i)).stream()
          .map(d -> new Seen(endpoint, d.path(), d.kind()))
          .distinct()
          .forEach(s -> seen.merge(s, 1, Integer::sum));
    }
    return seen;
  }

  @Test
  void aSecondOldInstanceDiffersOnlyOnDeclaredNoisePaths() {
    Map<Seen, Integer> noise = differences(secondary);
    assertThat(noise.keySet())
        .allSatisfy(s -> assertThat(NoisePath.isNoise(s.path())).as(s.toString()).isTrue());
  }

  @Test
  void everyDeclaredNoisePathReallyVariesBetweenTwoOldInstances() {
    Set<String> varied =
        differences(secondary).keySet().stream().map(Seen::path).collect(Collectors.toSet());
    Set<String> declared = new TreeSet<>();
    NoisePath.all().forEach(n -> declared.add(n.path()));
    // the Date header has a resolution of one second; two answers within it carry the same value
    declared.remove("/headers/date");
    assertThat(varied).containsAll(declared);
  }

  @Test
  void theNewBuildDiffersExactlyOnThePlantedPathsOfThePlantedEndpoints() {
    Set<Seen> regressions =
        differences(candidate).keySet().stream()
            .filter(s -> !NoisePath.isNoise(s.path()))
            .collect(Collectors.toSet());
    Set<Seen> planted =
        PlantedRegression.all().stream()
            .map(p -> new Seen(p.endpoint(), p.path(), p.kind()))
            .collect(Collectors.toSet());
    assertThat(regressions).containsExactlyInAnyOrderElementsOf(planted);
  }

  @Test
  void everyPlantedRegressionIsHitManyTimesInSixHundredRequests() {
    Map<Seen, Integer> counts = differences(candidate);
    for (PlantedRegression p : PlantedRegression.all()) {
      assertThat(counts.getOrDefault(new Seen(p.endpoint(), p.path(), p.kind()), 0))
          .as("%s with seed %d", p, SEED)
          .isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void theRoundingChangeShowsOnAGoodShareOfOrdersButNotAll() {
    Endpoint orderById = new Endpoint("GET", "/orders/{id}");
    int found = 0;
    int taxChanged = 0;
    for (int i = 0; i < recorded.size(); i++) {
      Exchange e = recorded.get(i);
      if (!LegacyOrdersService.endpointOf(e.request().method(), e.request().path())
              .orElseThrow()
              .equals(orderById)
          || e.response().status() != 200) {
        continue;
      }
      found++;
      if (ResponseTree.diff(e.response(), candidate.get(i)).stream()
          .anyMatch(d -> d.path().equals("/body/tax"))) {
        taxChanged++;
      }
    }
    assertThat(found).isGreaterThan(50);
    assertThat((double) taxChanged / found).as("%d of %d", taxChanged, found).isBetween(0.2, 0.8);
  }
}
