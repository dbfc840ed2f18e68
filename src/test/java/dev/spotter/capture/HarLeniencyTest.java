package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What real recorders write beyond the letter of HAR 1.2, and where the import still says no. */
class HarLeniencyTest {
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

  private ImportSummary importFixture(String name) {
    return new CorpusImporter(
            store, new Redactor(RedactionRules.defaults()), ImportOptions.defaults())
        .importFile(Fixtures.path(name), "c");
  }

  private List<Exchange> stored() {
    List<Exchange> list = new ArrayList<>();
    try (ExchangeCursor cursor = store.read("c")) {
      cursor.forEachRemaining(list::add);
    }
    return list;
  }

  @Test
  void numbersAndBooleansWhereHarWantsTextAreReadAsTheirTextAndCounted() {
    ImportSummary summary = importFixture("other-types.har");

    assertThat(summary.imported()).isEqualTo(3);
    // header 2 and null, form values 13 and true, response text 42; JSON fields 2, false, {..}
    assertThat(summary.valuesAsText()).isEqualTo(8);
    List<Exchange> exchanges = stored();
    Exchange form = exchanges.get(0);
    assertThat(form.request().body().utf8()).isEqualTo("user=ada&pin=13&remember=true");
    assertThat(form.request().headers().first("X-Retry")).contains("2");
    assertThat(form.request().headers().first("X-Trace")).contains("");
    assertThat(form.response().body().utf8()).isEqualTo("42");
    // chrome-har writes the fields of a JSON body as params with their JSON values
    assertThat(exchanges.get(2).request().body().utf8())
        .isEqualTo(
            "{\"sku\":\"A-1\",\"qty\":2,\"gift\":false,\"options\":{\"wrap\":true},"
                + "\"tags\":[\"a\",\"b\"]}");
  }

  @Test
  void anEntryWithoutAResponseImportsAsARequestOnly() {
    ImportSummary summary = importFixture("other-types.har");

    assertThat(summary.responsesMissing()).isEqualTo(1);
    Exchange requestOnly = stored().get(1);
    assertThat(requestOnly.request().url()).isEqualTo("http://shop.local/api/items?page=2");
    assertThat(requestOnly.response()).isNull();
  }

  @Test
  void aFormValueThatIsAnObjectIsStillAnErrorNamingTheEntryAndThePath() {
    SpotterException e =
        catchThrowableOfType(SpotterException.class, () -> importFixture("other-types-broken.har"));

    assertThat(e.getMessage())
        .startsWith("other-types-broken.har: 1 invalid entry: entry 2 (line ")
        .contains("request.postData.params[0].value must be a string, found an object");
    assertThat(store.corpus("c")).isEmpty();
  }

  @Test
  void bodiesTheRecorderLeftOutAreCountedAsNotCapturedNotAsTruncated() {
    ImportSummary summary = importFixture("bodies.har");

    // a: size 500 and no text; b: size -1 and a comment; g: a typed postData with no text
    assertThat(summary.bodiesNotCaptured()).isEqualTo(3);
    // d: shorter than its size and marked cut; e is as long as it says it is for all we know
    assertThat(summary.truncatedBodies()).isEqualTo(1);
    List<Exchange> e = stored();
    assertThat(e.get(0).response().body().isEmpty()).isTrue();
    assertThat(e.get(0).response().body().truncated()).isTrue();
    assertThat(e.get(0).response().body().originalSize()).isEqualTo(500);
    assertThat(e.get(1).response().body().truncated()).isTrue();
    // a 204 and an answer to HEAD have no body by the protocol: nothing is missing
    assertThat(e.get(2).response().body().truncated()).isFalse();
    assertThat(e.get(5).response().body().truncated()).isFalse();
    assertThat(e.get(4).response().body().utf8()).isEqualTo("abc");
    assertThat(e.get(4).response().body().truncated()).isFalse();
    // a request body not captured is never replayed as an empty one
    assertThat(e.get(6).request().body().truncated()).isTrue();
    assertThat(e.get(6).response().body().truncated()).isFalse();
  }
}
