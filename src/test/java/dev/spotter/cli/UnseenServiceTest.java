package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.capture.JsonlWriter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.testsupport.Cli;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spotter on a service it was never tuned on, used the way the README tells a new user: record
 * traffic, tell Spotter the endpoints its inference cannot see, check. It must name exactly the
 * five planted changes, three of them hidden under noisy values, and nothing else.
 */
class UnseenServiceTest {
  private static final Set<String> PLANTED =
      Set.of(
          "GET /api/v2/inventory/{warehouse}/{sku} /body/reserved type_changed",
          "GET /api/v2/inventory/{warehouse}/{sku} /body/lots/*/expiresAt field_added",
          "GET /api/v2/inventory/{warehouse}/{sku} /body/price/amount value_changed",
          "GET /api/v2/search /body/hits/*/score field_missing",
          "GET /api/v2/warehouses /headers/cache-control header_changed");

  @TempDir Path dir;

  @Test
  void tellsThePlantedChangesFromTheServicesOwnNoise() throws Exception {
    try (InventoryService primary = InventoryService.oldBuild();
        InventoryService secondary = InventoryService.oldBuild();
        InventoryService sameOld = InventoryService.oldBuild();
        InventoryService candidate = InventoryService.newBuild()) {
      Path traffic = record(primary.baseUri(), 400, 5);
      Path config = dir.resolve("spotter.yaml");
      Files.writeString(config, "endpoints:\n  - GET /api/v2/inventory/{warehouse}/{sku}\n");

      Cli.Result changed = check(config, traffic, primary, secondary, candidate.baseUri());
      assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
      assertThat(regressions()).containsExactlyInAnyOrderElementsOf(PLANTED);

      Cli.Result unchanged = check(config, traffic, primary, secondary, sameOld.baseUri());
      assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
      assertThat(regressions()).isEmpty();
    }
  }

  private Cli.Result check(
      Path config, Path traffic, InventoryService p, InventoryService s, URI candidate) {
    return Cli.run(
        "check",
        "--config",
        config.toString(),
        "--store",
        dir.resolve("s.db").toString(),
        "--report",
        dir.resolve("report").toString(),
        "--jsonl",
        traffic.toString(),
        "--primary",
        p.baseUri().toString(),
        "--secondary",
        s.baseUri().toString(),
        "--candidate",
        candidate.toString());
  }

  private Set<String> regressions() throws IOException {
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report/report.json").toFile());
    Set<String> found = new TreeSet<>();
    for (JsonNode e : json.get("endpoints")) {
      for (JsonNode f : e.get("findings")) {
        if (f.get("verdict").asText().equals("regression")) {
          found.add(
              e.get("endpoint").asText()
                  + " "
                  + f.get("path").asText()
                  + " "
                  + f.get("kind").asText());
        }
      }
    }
    return found;
  }

  /** What a recording would hold: requests to the old build with the answers it gave. */
  private Path record(URI primary, int count, long seed) throws Exception {
    Random random = new Random(seed);
    HttpClient client = HttpClient.newHttpClient();
    List<Exchange> exchanges = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path =
          switch (random.nextInt(4)) {
            case 0, 1 ->
                "/api/v2/inventory/"
                    + InventoryService.WAREHOUSES[random.nextInt(3)]
                    + "/"
                    + InventoryService.sku(random.nextInt(40));
            case 2 -> "/api/v2/search?q=" + (char) ('a' + random.nextInt(26));
            default -> "/api/v2/warehouses";
          };
      Instant start = Instant.now();
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(primary.resolve(path)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      List<String> headerPairs = new ArrayList<>();
      r.headers()
          .map()
          .forEach(
              (k, vs) ->
                  vs.forEach(
                      v -> {
                        headerPairs.add(k);
                        headerPairs.add(v);
                      }));
      exchanges.add(
          new Exchange(
              "r" + i,
              new HttpRequestData(
                  "GET", "http://inventory.internal" + path, Headers.EMPTY, Body.EMPTY),
              new HttpResponseData(
                  r.statusCode(),
                  Headers.of(headerPairs.toArray(String[]::new)),
                  Body.of(r.body())),
              start,
              1000,
              "test"));
    }
    Path file = dir.resolve("traffic.jsonl");
    try (OutputStream out = Files.newOutputStream(file);
        JsonlWriter writer = new JsonlWriter(out)) {
      exchanges.forEach(writer::write);
    }
    return file;
  }
}
