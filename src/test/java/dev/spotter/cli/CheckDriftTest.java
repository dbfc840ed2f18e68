package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.capture.HarWriter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotter check --allow-side-effects} where one copy of the old build refuses a write. */
class CheckDriftTest {
  @TempDir Path dir;

  /** POST /items adds one (or answers 500 when refusing), GET /items lists, GET /items/count. */
  private static TestHttpServer items(boolean refuseWrites) {
    List<String> held = new CopyOnWriteArrayList<>();
    return TestHttpServer.start(
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (exchange.getRequestMethod().equals("POST")) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (refuseWrites) {
              json(exchange, 500, "{\"error\":\"disk full\"}");
              return;
            }
            held.add(body);
            json(exchange, 201, "{\"added\":true}");
          } else if (path.equals("/items/count")) {
            json(exchange, 200, "{\"count\":" + held.size() + "}");
          } else {
            json(exchange, 200, "{\"items\":[" + String.join(",", held) + "]}");
          }
        });
  }

  private static void json(com.sun.net.httpserver.HttpExchange e, int status, String body)
      throws IOException {
    TestHttpServer.respond(e, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static Exchange recorded(int n, String method, String path, String body) {
    return new Exchange(
        "e" + n,
        new HttpRequestData(
            method,
            "http://recorded.example" + path,
            body == null ? Headers.EMPTY : Headers.of("Content-Type", "application/json"),
            body == null ? Body.EMPTY : Body.of(body)),
        new HttpResponseData(200, Headers.of("Content-Type", "application/json"), Body.of("{}")),
        Instant.parse("2026-12-08T00:00:00Z").plusSeconds(n),
        1000,
        "test");
  }

  @Test
  void aWriteTheSecondaryRefusedIsCountedAndTheReadsAfterItAreNamedDrift() throws IOException {
    List<Exchange> traffic = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < 5; i++) {
      traffic.add(recorded(n++, "GET", "/items", null));
    }
    traffic.add(recorded(n++, "POST", "/items", "{\"name\":\"left-pad\"}"));
    for (int i = 0; i < 10; i++) {
      traffic.add(recorded(n++, "GET", "/items", null));
      traffic.add(recorded(n++, "GET", "/items/count", null));
    }
    Path har = dir.resolve("traffic.har");
    try (OutputStream out = Files.newOutputStream(har);
        HarWriter writer = new HarWriter(out)) {
      traffic.forEach(writer::write);
    }
    try (TestHttpServer primary = items(false);
        TestHttpServer secondary = items(true);
        TestHttpServer candidate = items(false)) {
      Cli.Result run =
          Cli.run(
              "check",
              "--store",
              dir.resolve("s.db").toString(),
              "--report",
              dir.resolve("report").toString(),
              "--primary",
              primary.baseUri().toString(),
              "--secondary",
              secondary.baseUri().toString(),
              "--candidate",
              candidate.baseUri().toString(),
              "--har",
              har.toString(),
              "--allow-side-effects",
              "--concurrency",
              "1");

      // the candidate agrees with the primary everywhere: no change hides behind the drift
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out())
          .contains(
              "State may have drifted: 1 write reached the primary and the candidate only"
                  + " (first: POST /items at ")
          .contains("the secondary answered 500")
          .contains("start the copies from the same snapshot");
      JsonNode report = new ObjectMapper().readTree(dir.resolve("report/report.json").toFile());
      assertThat(report.at("/drift/writes").asLong()).isOne();
      assertThat(report.at("/drift/first/reached").toString())
          .isEqualTo("[\"primary\",\"candidate\"]");
      assertThat(report.at("/drift/byEndpoint/0/endpoint").asText()).isEqualTo("POST /items");
      List<JsonNode> reads = new ArrayList<>();
      for (JsonNode e : report.get("endpoints")) {
        if (e.get("method").asText().equals("GET")) {
          e.get("findings").forEach(reads::add);
        }
      }
      assertThat(reads).isNotEmpty();
      assertThat(reads)
          .allSatisfy(
              f -> {
                assertThat(f.get("cause").asText()).isEqualTo("state_drift");
                assertThat(f.get("reason").asText())
                    .startsWith("State may have drifted")
                    .contains("the candidate never does")
                    .doesNotContain("nondeterministic");
              });
    }
  }
}
