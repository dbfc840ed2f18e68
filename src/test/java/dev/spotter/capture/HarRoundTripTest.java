package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterVersion;
import dev.spotter.store.SqliteStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HarRoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {"chrome.har", "firefox.har", "playwright.har", "charles.har", "mitmproxy.har"})
  void harThroughTheStoreAndBackKeepsEverythingThatIsCompared(String fixture) {
    List<Exchange> original = Fixtures.har(fixture);
    byte[] exported;
    try (SqliteStore store = SqliteStore.open(dir.resolve("spotter.db"))) {
      new CorpusImporter(store, new Redactor(RedactionRules.none()), ImportOptions.defaults())
          .importFile(Fixtures.path(fixture), "c");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new CorpusExporter(store).export("c", ExchangeFormat.HAR, out);
      exported = out.toByteArray();
    }
    List<Exchange> back = readHar(exported, "back.har");
    assertThat(back).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      Exchange o = original.get(i);
      Exchange b = back.get(i);
      assertThat(b.request()).as("request of entry %d", i + 1).isEqualTo(o.request());
      assertThat(b.response()).as("response of entry %d", i + 1).isEqualTo(o.response());
      assertThat(b.startedAt()).isEqualTo(o.startedAt());
      assertThat(b.durationMicros()).isEqualTo(o.durationMicros());
    }
  }

  @Test
  void randomExchangesSurviveWriteAndReadWithOriginFormUrlsMadeAbsolute() {
    long seed = 7_2024L;
    Random random = new Random(seed);
    List<Exchange> written = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      written.add(RandomExchanges.next(random, i));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HarWriter writer = new HarWriter(out)) {
      written.forEach(writer::write);
    }
    List<Exchange> read = readHar(out.toByteArray(), "random.har");
    for (int i = 0; i < written.size(); i++) {
      Exchange w = written.get(i);
      String url = w.request().url();
      String expectedUrl =
          url.startsWith("/") ? "http://" + w.request().headers().first("Host").get() + url : url;
      Exchange expected =
          w.withId("entry-" + (i + 1)).withRequest(w.request().withUrl(expectedUrl));
      assertThat(read.get(i)).as("exchange %d with seed %d", i, seed).isEqualTo(expected);
    }
  }

  @Test
  void theExportIsAValidHar12Document() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HarWriter writer = new HarWriter(out)) {
      Fixtures.har("firefox.har").forEach(writer::write);
      Fixtures.har("mitmproxy.har").forEach(writer::write);
    }
    JsonNode log = new ObjectMapper().readTree(out.toByteArray()).get("log");
    assertThat(log.get("version").asText()).isEqualTo("1.2");
    assertThat(log.get("creator").get("name").asText()).isEqualTo("Spotter");
    assertThat(log.get("creator").get("version").asText()).isEqualTo(SpotterVersion.VERSION);
    assertThat(log.get("entries")).hasSize(4);
    for (JsonNode entry : log.get("entries")) {
      assertThat(entry.get("startedDateTime").isTextual()).isTrue();
      assertThat(entry.get("time").isNumber()).isTrue();
      for (String field : new String[] {"cookies", "headers", "queryString"}) {
        assertThat(entry.get("request").get(field).isArray()).as(field).isTrue();
      }
      assertThat(entry.get("response").get("cookies").isArray()).isTrue();
      assertThat(entry.get("response").get("headers").isArray()).isTrue();
      assertThat(entry.get("response").get("content").get("size").isNumber()).isTrue();
      assertThat(entry.get("response").get("content").get("mimeType").isTextual()).isTrue();
      assertThat(entry.get("cache").isObject()).isTrue();
      for (String phase : new String[] {"send", "wait", "receive"}) {
        assertThat(entry.get("timings").get(phase).isNumber()).as(phase).isTrue();
      }
    }
    JsonNode login = log.get("entries").get(0);
    assertThat(login.get("response").get("cookies").get(0).get("name").asText()).isEqualTo("sid");
    assertThat(login.get("response").get("cookies").get(0).get("httpOnly").asBoolean()).isTrue();
    assertThat(login.get("request").get("postData").get("text").asText())
        .isEqualTo("user=ada&password=hunter2+firefox&remember=1");
    JsonNode cards = log.get("entries").get(2);
    assertThat(cards.get("response").get("content").get("encoding").asText()).isEqualTo("base64");
    assertThat(cards.get("request").get("queryString").get(0).get("name").asText())
        .isEqualTo("session");
    JsonNode refused = log.get("entries").get(3);
    assertThat(refused.get("response").get("status").asInt()).isZero();
  }

  private static List<Exchange> readHar(byte[] har, String name) {
    return Fixtures.exchanges(HarReader.of(new ByteArrayInputStream(har), name));
  }
}
