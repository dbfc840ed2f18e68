package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.store.SqliteStore;
import dev.spotter.testsupport.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotter map} on a small corpus: text, JSON, a file, and an unknown corpus. */
class MapCommandTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("s.db").toString();
  }

  @BeforeEach
  void corpus() {
    List<Exchange> exchanges = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      exchanges.add(exchange("/orders/" + (50001 + i), 200, "{\"id\": " + i + "}"));
    }
    exchanges.add(exchange("/orders/50999", 404, "{\"error\": \"not_found\"}"));
    exchanges.add(exchange("/health", 200, "{\"status\": \"up\"}"));
    try (SqliteStore store = SqliteStore.open(Path.of(store()))) {
      store.append("c", exchanges);
    }
  }

  private static Exchange exchange(String path, int status, String json) {
    return new Exchange(
        "x",
        new HttpRequestData("GET", "http://orders.example" + path, Headers.EMPTY, Body.EMPTY),
        new HttpResponseData(status, Headers.of("Content-Type", "application/json"), Body.of(json)),
        null,
        2500,
        "test");
  }

  @Test
  void printsTheTableTheGapsAndTheSchemas() {
    Cli.Result r = Cli.run("map", "--store", store(), "--corpus", "c");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Service map of corpus 'c': 5 requests, 2 endpoints, 2 gaps.")
        .containsPattern("GET /orders/\\{id\\} +80 % +4 +3 +0 +1 +0 +0 +2\\.50 ms .* GAP")
        .contains("  GET /health: 20 % of the traffic (1 request), yet no stored check run")
        .contains("  $.id  number");
  }

  @Test
  void writesJsonThatParsesAndHasTheEndpoints() throws Exception {
    Cli.Result r = Cli.run("map", "--store", store(), "--corpus", "c", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("corpus").asText()).isEqualTo("c");
    assertThat(root.get("endpoints"))
        .extracting(e -> e.get("endpoint").asText())
        .containsExactly("GET /orders/{id}", "GET /health");
    assertThat(root.get("endpoints").get(0).get("status").get("4xx").asLong()).isEqualTo(1);
    assertThat(root.get("endpoints").get(0).get("coverage").get("covered_by").asText())
        .isEqualTo("GAP");
  }

  @Test
  void writesTheMapToAFileWhenAsked() throws Exception {
    Path file = dir.resolve("map.json");

    Cli.Result r =
        Cli.run("map", "--store", store(), "--corpus", "c", "--json", "--output", file.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("wrote " + file + System.lineSeparator());
    assertThat(new ObjectMapper().readTree(file.toFile()).get("requests").asLong()).isEqualTo(5);
  }

  @Test
  void anUnknownCorpusIsAnErrorNamingIt() {
    Cli.Result r = Cli.run("map", "--store", store(), "--corpus", "nightly");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'nightly'").contains("it has c");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void refusesANegativeNumberOfSchemaBodies() {
    Cli.Result r = Cli.run("map", "--store", store(), "--corpus", "c", "--schema-bodies", "-1");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--schema-bodies");
  }
}
