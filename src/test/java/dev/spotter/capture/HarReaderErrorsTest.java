package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.SpotterException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken HAR files give one line naming the file, the entry and where in the file. */
class HarReaderErrorsTest {

  private static SpotterException readFails(String fixture) {
    return catchThrowableOfType(SpotterException.class, () -> Fixtures.har(fixture));
  }

  @Test
  void aTruncatedFileNamesTheEntryWhereItStops() {
    SpotterException e = readFails("truncated.har");
    assertThat(e.code()).isEqualTo("har.malformed");
    assertThat(e.getMessage())
        .matches(
            "truncated\\.har: entry 2 \\(line \\d+, column \\d+\\): the JSON ends too early .*")
        .doesNotContain("\n");
  }

  @Test
  void aSyntaxErrorNamesTheEntryLineAndColumn() {
    SpotterException e = readFails("malformed.har");
    assertThat(e.code()).isEqualTo("har.malformed");
    assertThat(e.getMessage())
        .startsWith("malformed.har: entry 3 (line 61, column ")
        .contains("malformed JSON: Unexpected character")
        .doesNotContain("Source:")
        .doesNotContain("\n");
  }

  @Test
  void invalidEntriesAreReportedOneByOneAndTheReaderGoesOn() {
    List<ReadItem> items = Fixtures.items(HarReader.open(Fixtures.path("invalid-entries.har")));
    assertThat(items).hasSize(8);
    assertThat(items.get(0)).isInstanceOf(ReadItem.Parsed.class);
    assertThat(problem(items.get(1))).isEqualTo("request.method is missing");
    assertThat(items.get(2)).isInstanceOf(ReadItem.Parsed.class);
    assertThat(problem(items.get(3)))
        .isEqualTo("response.status must be a whole number, found the string \"200\"");
    assertThat(problem(items.get(4)))
        .isEqualTo(
            "startedDateTime 'yesterday at noon' is not a date and time with an offset (ISO 8601)");
    assertThat(problem(items.get(5)))
        .startsWith("response.content.text is marked base64 but is not valid base64");
    assertThat(problem(items.get(6)))
        .isEqualTo("request.headers must be an array, found an object");
    assertThat(items.get(7)).isInstanceOf(ReadItem.Parsed.class);

    ReadItem.Invalid second = (ReadItem.Invalid) items.get(1);
    assertThat(second.where()).matches("entry 2 \\(line \\d+, column \\d+\\)");
    assertThat(second.toException().getMessage())
        .isEqualTo("invalid-entries.har: " + second.where() + ": request.method is missing");
  }

  @Test
  void aJsonFileThatIsNotAHarSaysSo() {
    SpotterException e = readFails("not-a-har.json");
    assertThat(e.getMessage()).isEqualTo("not-a-har.json: not a HAR file: it has no log object");
  }

  @Test
  void anEmptyFileAndGarbageAreMalformed() {
    SpotterException empty =
        catchThrowableOfType(SpotterException.class, () -> Fixtures.exchanges(har("")));
    assertThat(empty.getMessage()).isEqualTo("x.har: not a HAR file: the file is empty");
    SpotterException garbage =
        catchThrowableOfType(SpotterException.class, () -> Fixtures.exchanges(har("<html>")));
    assertThat(garbage.getMessage()).startsWith("x.har: line 1, column 1: malformed JSON");
  }

  @Test
  void contentAfterTheDocumentIsMalformed() {
    String doc = "{\"log\":{\"version\":\"1.2\",\"entries\":[]}} {\"again\":1}";
    SpotterException e =
        catchThrowableOfType(SpotterException.class, () -> Fixtures.exchanges(har(doc)));
    assertThat(e.getMessage()).contains("unexpected content after the end of the HAR document");
  }

  @Test
  void entriesMayComeBeforeOrAfterOtherLogFieldsAndDatesTakeEveryOffsetSpelling() {
    String doc =
        "{\"log\":{\"entries\":["
            + entry("2024-05-02T11:41:12.345+0200")
            + ","
            + entry("2024-05-02T09:41:12Z")
            + ","
            + entry("2024-05-02T09:41:12.123456789+00:00")
            + "],\"pages\":[{\"id\":\"p\"}],\"version\":\"1.2\"},\"_extra\":{\"a\":[1,2]}}";
    var exchanges = Fixtures.exchanges(har(doc));
    assertThat(exchanges)
        .extracting(e -> e.startedAt())
        .containsExactly(
            Instant.parse("2024-05-02T09:41:12.345Z"),
            Instant.parse("2024-05-02T09:41:12Z"),
            Instant.parse("2024-05-02T09:41:12.123456789Z"));
  }

  @Test
  void durationIsTheSumOfKnownTimingsWhenTimeIsMissing() {
    String doc =
        "{\"log\":{\"entries\":[{\"request\":{\"method\":\"GET\",\"url\":\"/a\"},"
            + "\"response\":{\"status\":200},"
            + "\"timings\":{\"blocked\":-1,\"dns\":null,\"connect\":2,\"ssl\":1,\"send\":0.5,"
            + "\"wait\":10,\"receive\":-1}}]}}";
    var exchange = Fixtures.exchanges(har(doc)).get(0);
    assertThat(exchange.durationMicros()).isEqualTo(12_500);
    assertThat(exchange.startedAt()).isNull();
  }

  private static String entry(String started) {
    return "{\"startedDateTime\":\""
        + started
        + "\",\"request\":{\"method\":\"GET\",\"url\":\"http://a/\"},\"response\":{\"status\":200}}";
  }

  private static HarReader har(String text) {
    return HarReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "x.har");
  }

  private static String problem(ReadItem item) {
    assertThat(item).isInstanceOf(ReadItem.Invalid.class);
    return ((ReadItem.Invalid) item).problem();
  }
}
