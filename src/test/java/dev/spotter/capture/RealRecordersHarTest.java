package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.model.Exchange;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HAR file under {@code fixtures/har/<recorder>/}, written by real recorders against a local
 * site (see the README there), imports whole, and its summary says what the file holds: the
 * expected counts are computed here from the file itself, by HAR's rules, not written down.
 */
class RealRecordersHarTest {
  @TempDir Path dir;
  private SqliteStore store;

  @BeforeEach
  void openStore() {
    store = SqliteStore.open(dir.resolve("spotter.db"));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static List<Path> recordedFiles() throws IOException, URISyntaxException {
    Path root = Path.of(RealRecordersHarTest.class.getResource("/fixtures/har").toURI());
    try (Stream<Path> files = Files.walk(root, 2)) {
      return files.filter(p -> p.toString().endsWith(".har")).sorted().toList();
    }
  }

  @Test
  void theCorpusHoldsAtLeastTwentyFilesOfAtLeastThreeRecorders() throws Exception {
    List<Path> files = recordedFiles();
    Set<String> creators = new HashSet<>();
    for (Path file : files) {
      creators.add(JsonSupport.MAPPER.readTree(file.toFile()).at("/log/creator/name").asText());
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    assertThat(creators).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void everyRealRecordersFileImportsWholeWithATruthfulSummary() throws Exception {
    CorpusImporter importer =
        new CorpusImporter(
            store, new Redactor(RedactionRules.defaults()), ImportOptions.defaults());
    Expected all = new Expected();
    for (Path file : recordedFiles()) {
      String corpus = file.getParent().getFileName() + "/" + file.getFileName();
      Expected expected = Expected.of(JsonSupport.MAPPER.readTree(file.toFile()));
      ImportSummary summary = importer.importFile(file, corpus);

      assertThat(summary.imported()).as(corpus + " imported").isEqualTo(expected.entries);
      assertThat(summary.skipped()).as(corpus + " skipped").isEmpty();
      assertThat(summary.responsesMissing())
          .as(corpus + " without a response")
          .isEqualTo(expected.withoutResponse);
      assertThat(summary.valuesAsText())
          .as(corpus + " values read as text")
          .isEqualTo(expected.valuesAsText);
      assertThat(summary.bodiesNotCaptured())
          .as(corpus + " bodies not captured")
          .isEqualTo(expected.notCaptured);
      assertThat(summary.truncatedBodies()).as(corpus + " truncated").isEqualTo(expected.cut);
      for (Exchange e : stored(corpus)) {
        // pseudo-headers of HTTP/2 are part of the request line, never kept as headers
        assertThat(e.request().headers().entries())
            .as(corpus + " " + e.id())
            .noneMatch(h -> h.name().startsWith(":"));
      }
      all.add(expected);
    }
    // the corpus shows each case it is kept for
    assertThat(all.valuesAsText).as("values of another type in the corpus").isPositive();
    assertThat(all.notCaptured).as("bodies not captured in the corpus").isPositive();
    assertThat(all.withoutResponse).as("entries without a response in the corpus").isPositive();
    assertThat(all.http2).as("HTTP/2 entries in the corpus").isPositive();
  }

  @Test
  void aJsonSignInThatChromeHarWroteAsParamsIsStoredAsTheJsonItWas() throws Exception {
    Path file =
        recordedFiles().stream()
            .filter(p -> p.endsWith(Path.of("chrome-har", "signin-json.har")))
            .findFirst()
            .orElseThrow();
    new CorpusImporter(store, new Redactor(RedactionRules.defaults()), ImportOptions.defaults())
        .importFile(file, "signin");

    Exchange login =
        stored("signin").stream()
            .filter(e -> e.request().path().equals("/api/login"))
            .findFirst()
            .orElseThrow();
    JsonNode body = JsonSupport.MAPPER.readTree(login.request().body().bytes());
    assertThat(body.get("pin").isInt()).isTrue();
    assertThat(body.get("pin").intValue()).isEqualTo(13);
    assertThat(body.get("remember").booleanValue()).isTrue();
    assertThat(body.get("attempts").doubleValue()).isEqualTo(2.5);
    assertThat(body.get("device").isNull()).isTrue();
  }

  private List<Exchange> stored(String corpus) {
    List<Exchange> list = new ArrayList<>();
    try (ExchangeCursor cursor = store.read(corpus)) {
      cursor.forEachRemaining(list::add);
    }
    return list;
  }

  /** What a HAR file holds, counted from its JSON by the rules HAR 1.2 and HTTP give. */
  static final class Expected {
    long entries;
    long withoutResponse;
    long valuesAsText;
    long notCaptured;
    long cut;
    long http2;

    static Expected of(JsonNode har) {
      Expected x = new Expected();
      for (JsonNode entry : har.at("/log/entries")) {
        x.entries++;
        JsonNode request = entry.get("request");
        JsonNode response = entry.get("response");
        if (request.path("httpVersion").asText().toLowerCase().matches("h2|http/2(\\.0)?")) {
          x.http2++;
        }
        x.valuesAsText += otherTypes(request.path("headers"));
        x.request(request);
        long status = response == null ? 0 : response.path("status").asLong();
        if (status == 0 || status == -1) {
          x.withoutResponse++;
          continue;
        }
        x.valuesAsText += otherTypes(response.path("headers"));
        x.response(response, status, request.path("method").asText());
      }
      return x;
    }

    private void request(JsonNode request) {
      JsonNode postData = request.path("postData");
      String text = postData.path("text").asText("");
      JsonNode params = postData.path("params");
      long bodySize = request.path("bodySize").asLong(-1);
      if (postData.path("_spotterTruncated").asBoolean()) {
        cut++;
      } else if (!text.isEmpty()) {
        valuesAsText += postData.path("text").isTextual() ? 0 : 1;
      } else if (params.size() > 0) {
        valuesAsText += otherTypes(params);
      } else if (bodySize > 0 || (bodySize < 0 && !postData.path("mimeType").asText().isEmpty())) {
        notCaptured++; // the request had a body the file does not hold
      }
    }

    private void response(JsonNode response, long status, String method) {
      JsonNode content = response.path("content");
      JsonNode text = content.get("text");
      long size = content.path("size").asLong(-1);
      boolean noBodyByHttp =
          method.equals("HEAD") || status < 200 || status == 204 || status == 304;
      if (content.path("_spotterTruncated").asBoolean()) {
        cut++;
      } else if (text == null || text.isNull() || (text.asText().isEmpty() && size > 0)) {
        if (!noBodyByHttp || size > 0) {
          notCaptured++;
        }
      } else if (!text.isTextual()) {
        valuesAsText++;
      }
    }

    /** Name-value pairs whose name or value is not a string (a null value counts for headers). */
    private static long otherTypes(JsonNode pairs) {
      long n = 0;
      for (JsonNode pair : pairs) {
        JsonNode name = pair.get("name");
        JsonNode value = pair.get("value");
        n += name != null && !name.isTextual() ? 1 : 0;
        n += value != null && !value.isTextual() && !value.isNull() ? 1 : 0;
      }
      return n;
    }

    void add(Expected other) {
      entries += other.entries;
      withoutResponse += other.withoutResponse;
      valuesAsText += other.valuesAsText;
      notCaptured += other.notCaptured;
      cut += other.cut;
      http2 += other.http2;
    }
  }
}
