package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.store.SqliteStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusExporterTest {
  @TempDir Path dir;

  @Test
  void aCorpusExportedAsJsonlReadsBackWithTheStoreIdsAndEverythingElse() {
    Random random = new Random(99L);
    List<Exchange> appended = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      appended.add(RandomExchanges.next(random, i));
    }
    try (SqliteStore store = SqliteStore.open(dir.resolve("spotter.db"))) {
      List<String> ids = store.append("c", appended);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long written = new CorpusExporter(store).export("c", ExchangeFormat.JSONL, out);
      assertThat(written).isEqualTo(50);
      List<Exchange> read =
          Fixtures.exchanges(
              JsonlReader.of(new ByteArrayInputStream(out.toByteArray()), "c.jsonl"));
      for (int i = 0; i < 50; i++) {
        assertThat(read.get(i))
            .as("seed 99, exchange %d", i)
            .isEqualTo(appended.get(i).withId(ids.get(i)));
      }
    }
  }

  @Test
  void exportLeavesTheStreamOpenForWhatComesAfter() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("spotter.db"))) {
      store.append("c", List.of(RandomExchanges.next(new Random(1), 1)));
      ByteArrayOutputStream out =
          new ByteArrayOutputStream() {
            @Override
            public void close() {
              throw new AssertionError("the exporter closed the caller's stream");
            }
          };
      new CorpusExporter(store).export("c", ExchangeFormat.HAR, out);
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{").endsWith("}\n");
    }
  }

  @Test
  void exportingAMissingCorpusSaysWhichCorporaThereAre() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("spotter.db"))) {
      store.append("prod", List.of(RandomExchanges.next(new Random(1), 1)));
      assertThatThrownBy(
              () ->
                  new CorpusExporter(store)
                      .export("staging", ExchangeFormat.HAR, new ByteArrayOutputStream()))
          .isInstanceOf(SpotterException.class)
          .hasMessageContaining("no corpus named 'staging'")
          .hasMessageContaining("it has prod");
    }
  }

  @Test
  void formatsAreKnownByFileNameAndByName() {
    assertThat(ExchangeFormat.of(Path.of("a/b/Traffic.HAR"))).isEqualTo(ExchangeFormat.HAR);
    assertThat(ExchangeFormat.of(Path.of("x.ndjson"))).isEqualTo(ExchangeFormat.JSONL);
    assertThat(ExchangeFormat.parse(" jsonl ")).isEqualTo(ExchangeFormat.JSONL);
    assertThatThrownBy(() -> ExchangeFormat.of(Path.of("dump.txt")))
        .isInstanceOf(SpotterException.class)
        .hasMessage(
            "dump.txt: cannot tell the format from the name; name it .har or .jsonl, or give the"
                + " format");
  }
}
