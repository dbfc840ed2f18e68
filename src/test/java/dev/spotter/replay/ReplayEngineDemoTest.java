package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.demo.NoisePath;
import dev.spotter.demo.PlantedRegression;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.model.Exchange;
import dev.spotter.proxy.UpstreamClient;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine with the real diff, grouping and noise judgement, on the bundled legacy orders
 * service: recorded traffic replayed to an old build, a second old build and the new build.
 */
class ReplayEngineDemoTest {
  private static final long SEED = 11;
  private static final int REQUESTS = 600;

  private static List<Exchange> corpus;

  @BeforeAll
  static void recordTraffic() {
    try (LegacyOrdersService recorder = LegacyOrdersService.start(Build.OLD, 0)) {
      corpus = TrafficGenerator.withDefaults().run(recorder.baseUri(), REQUESTS, SEED);
    }
  }

  /** A finding as the demo's planted list names it. */
  record Named(String endpoint, String path, String kind) {}

  private static CheckResult check(
      LegacyOrdersService primary,
      LegacyOrdersService secondary,
      LegacyOrdersService candidate,
      List<Exchange> corpus) {
    ReplaySettings settings =
        ReplaySettings.of(
            primary.baseUri().toString(),
            secondary == null ? null : secondary.baseUri().toString(),
            candidate.baseUri().toString());
    List<EndpointPattern> patterns =
        LegacyOrdersService.ENDPOINTS.stream()
            .map(e -> EndpointPattern.parse(e.toString()))
            .toList();
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      return new ReplayEngine(
              settings,
              client,
              new ResponseDiffer(DiffSettings.defaults()),
              new EndpointGrouper(patterns),
              new FindingCollector(NoiseSettings.defaults()),
              ReplayProgress.NONE,
              UnaryOperator.identity())
          .run(corpus.iterator(), corpus.size(), "demo");
    }
  }

  private static Set<Named> regressions(CheckResult result) {
    return result.endpoints().stream()
        .flatMap(
            e ->
                e.findings().stream()
                    .filter(f -> f.isRegression())
                    .map(f -> new Named(e.endpoint().toString(), f.path(), f.kind().jsonName())))
        .collect(Collectors.toSet());
  }

  @Test
  void findsExactlyThePlantedRegressionsAndReplaysNoSideEffects() {
    try (LegacyOrdersService primary = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService secondary = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService candidate = LegacyOrdersService.start(Build.NEW, 0)) {

      CheckResult result = check(primary, secondary, candidate, corpus);

      Set<Named> planted =
          PlantedRegression.all().stream()
              .map(p -> new Named(p.endpoint().toString(), p.path(), p.kind()))
              .collect(Collectors.toSet());
      assertThat(regressions(result)).as("seed %d", SEED).isEqualTo(planted);
      assertThat(regressions(result)).noneMatch(n -> NoisePath.isNoise(n.path()));
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
      assertThat(result.summary().regressions()).isEqualTo(planted.size());
      assertThat(result.summary().errors()).isZero();
      assertThat(result.summary().compared() + result.summary().skipped()).isEqualTo(REQUESTS);
      // every finding's examples were kept for the report
      result.endpoints().stream()
          .flatMap(e -> e.findings().stream())
          .filter(f -> f.isRegression())
          .forEach(
              f -> assertThat(result.examples()).containsKeys(f.examples().toArray(String[]::new)));
      // POST /orders is recorded but never replayed: no order reached the replayed builds
      if (result.summary().skipped() > 0) {
        assertThat(
                primary.ordersAccepted() + secondary.ordersAccepted() + candidate.ordersAccepted())
            .isZero();
      }
    }
  }

  @Test
  void aThirdOldBuildAsCandidateShowsNoRegression() {
    try (LegacyOrdersService primary = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService secondary = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService same = LegacyOrdersService.start(Build.OLD, 0)) {

      CheckResult result = check(primary, secondary, same, corpus);

      assertThat(regressions(result)).as("seed %d", SEED).isEmpty();
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.PASS);
    }
  }
}
