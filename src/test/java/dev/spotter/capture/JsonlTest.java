package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonlTest {

  @Test
  void theDocumentedExampleLinesAreRead() {
    List<Exchange> read = Fixtures.exchanges(JsonlReader.open(Fixtures.path("sample.jsonl")));
    assertThat(read).hasSize(3);
    Exchange first = read.get(0);
    assertThat(first.id()).isEqualTo("17");
    assertThat(first.source()).isEqualTo("record:orders.local");
    assertThat(first.startedAt()).isEqualTo(Instant.parse("2024-05-02T09:41:12.345678Z"));
    assertThat(first.request().headers().all("X-Trace")).containsExactly("a", "b");
    assertThat(first.response().body().utf8()).isEqualTo("{\"id\":17,\"total\":12.50}");

    Exchange second = read.get(1);
    assertThat(second.request().body().bytes()).containsExactly(0, 1, 2, 0xff);
    assertThat(second.response().body().truncated()).isTrue();
    assertThat(second.response().body().originalSize()).isEqualTo(5000);
    assertThat(second.durationMicros()).isEqualTo(-1);

    Exchange third = read.get(2);
    assertThat(third.id()).isEqualTo("line-4"); // the blank line is counted, not read
    assertThat(third.source()).isEqualTo("jsonl:sample.jsonl");
    assertThat(third.response()).isNull();
    assertThat(third.request().headers()).isEqualTo(Headers.EMPTY);
  }

  @Test
  void eachBrokenLineIsNamedAndTheOthersAreStillRead() {
    List<ReadItem> items = Fixtures.items(JsonlReader.open(Fixtures.path("broken.jsonl")));
    assertThat(items).hasSize(7);
    assertThat(items.get(0)).isInstanceOf(ReadItem.Parsed.class);
    assertThat(message(items.get(1)))
        .startsWith("broken.jsonl: line 2: malformed JSON: Unexpected character");
    assertThat(message(items.get(2))).isEqualTo("broken.jsonl: line 3: request.url is missing");
    assertThat(message(items.get(3)))
        .isEqualTo(
            "broken.jsonl: line 4: format version 2 is newer than this Spotter reads (1); upgrade"
                + " Spotter");
    assertThat(((ReadItem.Invalid) items.get(3)).code()).isEqualTo("jsonl.version_newer");
    assertThat(message(items.get(4)))
        .isEqualTo(
            "broken.jsonl: line 5: request.headers[0] must be a [name, value] pair of strings,"
                + " found an array");
    assertThat(message(items.get(5)))
        .isEqualTo("broken.jsonl: line 6: response.body.size 2 is smaller than the 3 bytes given");
    assertThat(message(items.get(6)))
        .isEqualTo("broken.jsonl: line 7: the JSON ends too early (is the file truncated?)");
  }

  @Test
  void writingThenReadingGivesBackEveryExchangeExactly() {
    long seed = 20240502L;
    Random random = new Random(seed);
    List<Exchange> written = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      written.add(RandomExchanges.next(random, i));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonlWriter writer = new JsonlWriter(out)) {
      written.forEach(writer::write);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.split("\n", -1)).hasSize(301); // one line each, and a final newline
    List<Exchange> read =
        Fixtures.exchanges(JsonlReader.of(new ByteArrayInputStream(out.toByteArray()), "r.jsonl"));
    for (int i = 0; i < written.size(); i++) {
      assertThat(read.get(i)).as("exchange %d with seed %d", i, seed).isEqualTo(written.get(i));
    }
  }

  private static String message(ReadItem item) {
    assertThat(item).isInstanceOf(ReadItem.Invalid.class);
    return ((ReadItem.Invalid) item).toException().getMessage();
  }
}
