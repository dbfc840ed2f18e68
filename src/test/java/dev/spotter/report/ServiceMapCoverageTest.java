package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Exchange;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.StoredRun;
import dev.spotter.testsupport.Cli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage against a real check of the demo service: the endpoints the check compared are covered
 * by its run, the side-effecting one it skipped is a gap until a guard pins a request of it.
 */
class ServiceMapCoverageTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("s.db").toString();
  }

  @Test
  void anEndpointNoCheckComparedIsAGapUntilAGuardCoversIt() {
    try (LegacyOrdersService old = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService old2 = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService candidate = LegacyOrdersService.start(Build.NEW, 0)) {
      List<Exchange> traffic = TrafficGenerator.withDefaults().run(old.baseUri(), 150, 11);
      assertThat(traffic).anyMatch(e -> e.request().method().equals("POST"));
      try (SqliteStore store = SqliteStore.open(Path.of(store()))) {
        store.append("c", traffic);
      }
      Cli.Result check =
          Cli.run(
              "check",
              "--store",
              store(),
              "--corpus",
              "c",
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              candidate.baseUri().toString(),
              "--report",
              dir.resolve("report").toString());
      assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);

      ServiceMap before = map();
      assertThat(before.runsRead()).isEqualTo(1);
      ServiceMap.Entry order = ServiceMapBuilderTest.entry(before, "GET /orders/{id}");
      assertThat(order.coverage().runKind()).isEqualTo("check");
      assertThat(ServiceMapText.coveredBy(order.coverage())).matches("check run \\S+");
      ServiceMap.Entry post = ServiceMapBuilderTest.entry(before, "POST /orders");
      assertThat(post.coverage().gap())
          .as("checks skip POST without --allow-side-effects")
          .isTrue();
      assertThat(before.gaps()).extracting(e -> e.endpoint().toString()).contains("POST /orders");

      assertThat(
              Cli.run(
                      "incident",
                      "new",
                      "--store",
                      store(),
                      "--title",
                      "Orders lost at intake",
                      "--severity",
                      "sev2")
                  .exitCode())
          .isZero();
      Cli.Result guard =
          Cli.run(
              "guard",
              "add",
              "--store",
              store(),
              "--incident",
              "1",
              "--name",
              "an order for a known customer is accepted",
              "--request",
              "POST /orders",
              "--header",
              "Content-Type: application/json",
              "--body",
              "{\"customerId\": 1001, \"items\": [{\"sku\": \"SKU-10001\", \"quantity\": 1}]}",
              "--expect",
              "status 202");
      assertThat(guard.exitCode()).as(guard.toString()).isZero();

      ServiceMap after = map();
      ServiceMap.Entry guarded = ServiceMapBuilderTest.entry(after, "POST /orders");
      assertThat(guarded.coverage().gap()).isFalse();
      assertThat(ServiceMapText.coveredBy(guarded.coverage())).isEqualTo("guard 1");
      assertThat(after.guardsRead()).isEqualTo(1);
      assertThat(after.gaps())
          .extracting(e -> e.endpoint().toString())
          .doesNotContain("POST /orders");
    }
  }

  @Test
  void everyRunThatComparedAnEndpointIsCreditedNewestFirst() throws Exception {
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    String checkOne, shadow, checkTwo;
    try (SqliteStore store = SqliteStore.open(Path.of(store()))) {
      store.append("c", List.of());
      checkOne = store.saveRun(run("check", t, golden("passing")));
      shadow = store.saveRun(run("shadow", t.plusSeconds(60), golden("undecided-path")));
      checkTwo = store.saveRun(run("check", t.plusSeconds(120), golden("failing")));
      ServiceMapCoverage coverage =
          ServiceMapCoverage.from(
              store,
              new EndpointGrouper(List.of()),
              Clock.systemUTC(),
              ServiceMapCoverage.DEFAULT_RUNS);

      ServiceMap.Coverage orders = coverage.of(Endpoint.parse("GET /orders/{id}"));
      assertThat(orders.runs())
          .extracting(ServiceMap.RunRef::id)
          .containsExactly(checkTwo, shadow, checkOne);
      assertThat(orders.runId()).as("the newest, as before").isEqualTo(checkTwo);
      assertThat(ServiceMapText.coveredBy(orders))
          .isEqualTo("check runs " + checkTwo + ", " + checkOne + "; shadow run " + shadow);
      // the shadow did not compare GET /orders: only the checks are credited with it
      assertThat(coverage.of(Endpoint.parse("GET /orders")).runs())
          .extracting(ServiceMap.RunRef::id)
          .containsExactly(checkTwo, checkOne);
      assertThat(coverage.runsRead()).isEqualTo(3);
    }
  }

  private static StoredRun run(String kind, Instant at, String report) {
    return new StoredRun(null, kind, "corpus c", at, at.plusSeconds(30), "pass", 1, 0, report);
  }

  private static String golden(String name) throws java.io.IOException {
    try (var in =
        ServiceMapCoverageTest.class.getResourceAsStream(
            "/fixtures/report/golden/" + name + ".json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private ServiceMap map() {
    EndpointGrouper grouper = new EndpointGrouper(List.of());
    try (SqliteStore store = SqliteStore.open(Path.of(store()));
        ExchangeCursor cursor = store.read("c")) {
      ServiceMapBuilder builder = new ServiceMapBuilder(grouper, ServiceMapBuilderTest.DECODER, 20);
      cursor.forEachRemaining(builder::add);
      return builder.build(
          "c",
          ServiceMapCoverage.from(
              store, grouper, Clock.systemUTC(), ServiceMapCoverage.DEFAULT_RUNS));
    }
  }
}
