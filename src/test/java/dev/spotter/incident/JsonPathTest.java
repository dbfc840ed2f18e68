package dev.spotter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonPathTest {
  private static final JsonNode ORDER =
      ExpectationJson.read(
          "{\"id\":7,\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\",\"qty\":1}],"
              + "\"unit price\":{\"amount\":12.50},\"it's\":true,\"a.b\":1,\"gone\":null}");

  private static JsonNode at(String path) {
    return JsonPath.parse(path).find(ORDER).orElse(null);
  }

  @Test
  void theRootIsTheWholeDocument() {
    assertThat(JsonPath.parse("$")).isEqualTo(JsonPath.ROOT);
    assertThat(at("$")).isSameAs(ORDER);
  }

  @Test
  void findsNestedFieldsAndArrayElements() {
    assertThat(at("$.id").intValue()).isEqualTo(7);
    assertThat(at("$.items[1].sku").textValue()).isEqualTo("B-2");
    assertThat(at("$.items[0]").get("qty").intValue()).isEqualTo(2);
  }

  @Test
  void quotedNamesReachFieldsWithBlanksDotsAndQuotes() {
    assertThat(at("$['unit price'].amount").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(at("$[\"unit price\"]['amount']").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(at("$['it\\'s']").booleanValue()).isTrue();
    assertThat(at("$[\"it's\"]").booleanValue()).isTrue();
    assertThat(at("$['a.b']").intValue()).isEqualTo(1);
  }

  @Test
  void aNullValueIsFoundWhileAnAbsentOneIsNot() {
    assertThat(at("$.gone").isNull()).isTrue();
    assertThat(at("$.missing")).isNull();
  }

  @Test
  void missingKeysIndexesOutOfRangeAndWrongKindsAreNotFound() {
    assertThat(at("$.items[2]")).isNull();
    assertThat(at("$.items[0].price")).isNull();
    assertThat(at("$.items.sku")).isNull();
    assertThat(at("$.id[0]")).isNull();
    assertThat(at("$.id.value")).isNull();
  }

  @Test
  void aFailedLookupTellsWhichStepFailedAndWhatStoodThere() {
    JsonPath.Lookup lookup = JsonPath.parse("$.items[5].sku").lookup(ORDER);

    assertThat(lookup).isInstanceOf(JsonPath.Lookup.Missing.class);
    JsonPath.Lookup.Missing missing = (JsonPath.Lookup.Missing) lookup;
    assertThat(missing.reached()).hasToString("$.items");
    assertThat(missing.value().isArray()).isTrue();
    assertThat(missing.step()).isEqualTo(new JsonPath.Segment.Index(5));
  }

  @Test
  void writesDotsForPlainNamesAndQuotesForTheRest() {
    JsonPath path =
        JsonPath.ROOT
            .then(new JsonPath.Segment.Field("items"))
            .then(new JsonPath.Segment.Index(0))
            .then(new JsonPath.Segment.Field("unit price"))
            .then(new JsonPath.Segment.Field("it's \\ back"))
            .then(new JsonPath.Segment.Field("9lives"))
            .then(new JsonPath.Segment.Field("snake_case-and-dash"))
            .then(new JsonPath.Segment.Field(""));

    assertThat(path)
        .hasToString(
            "$.items[0]['unit price']['it\\'s \\\\ back']['9lives'].snake_case-and-dash['']");
    assertThat(JsonPath.parse(path.toString())).isEqualTo(path);
  }

  @Test
  void randomPathsRoundTripThroughTheirText() {
    long seed = 20240611L;
    Random random = new Random(seed);
    String alphabet = "ab_Z09-. '\"\\[]$*?()@,:é\t";
    for (int n = 0; n < 2000; n++) {
      JsonPath path = JsonPath.ROOT;
      int steps = random.nextInt(6);
      for (int s = 0; s < steps; s++) {
        if (random.nextInt(3) == 0) {
          path = path.then(new JsonPath.Segment.Index(random.nextInt(1000)));
        } else {
          StringBuilder name = new StringBuilder();
          int length = random.nextInt(6);
          for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          path = path.then(new JsonPath.Segment.Field(name.toString()));
        }
      }
      String text = path.toString();
      JsonPath reread;
      try {
        reread = JsonPath.parse(text);
      } catch (JsonPathException e) {
        throw new AssertionError("seed " + seed + ", path " + text + ": " + e.getMessage(), e);
      }
      assertThat(reread).as("seed %d, path %s", seed, text).isEqualTo(path);
    }
  }

  @Test
  void unsupportedSyntaxIsNamedWithItsPosition() {
    assertError("$.items[*].sku", 8, "wildcards (*) are not supported");
    assertError("$.*", 2, "wildcards (*) are not supported");
    assertError("$..sku", 2, "recursive descent (..) is not supported");
    assertError("$.items[?(@.qty > 1)]", 8, "filters ([?(...)]) are not supported");
    assertError("$.items[(@.length-1)]", 8, "expressions ([(...)]) are not supported");
    assertError("$.items[0:2]", 9, "slices ([a:b]) are not supported");
    assertError("$.items[0,1]", 9, "unions ([a,b]) are not supported");
    assertError("$.items[-1]", 8, "negative indexes are not supported");
  }

  @Test
  void unsupportedSyntaxMessagesSayWhatIsAccepted() {
    assertThatThrownBy(() -> JsonPath.parse("$..sku"))
        .hasMessage(
            "JSON path '$..sku', character 3: recursive descent (..) is not supported;"
                + " a path is $ followed by .name, ['name'] or [index]");
  }

  @Test
  void malformedPathsSayWhatIsWrong() {
    assertError("items.sku", 0, "a JSON path starts with $, such as $.items.sku");
    assertError(".items", 0, "a JSON path starts with $, such as $.items");
    assertError("", 0, "a JSON path starts with $, such as $.items[0].sku");
    assertError("$.", 2, "a name must follow '.'");
    assertError("$.items[", 8, "'[' is followed by an index such as [0]");
    assertError("$.items[0", 9, "']' is missing");
    assertError("$['unit price", 2, "the quoted name is not closed with '");
    assertError("$.items[99999999999]", 8, "index 99999999999 is too large");
    assertError("$items", 1, "'i' cannot come here");
    assertError("$.a b", 3, "nothing may follow the path");
  }

  @Test
  void theExceptionKeepsThePathAndPositionForCallersThatPointAtIt() {
    JsonPathException e =
        catchThrowableOfType(JsonPathException.class, () -> JsonPath.parse("$.a[*]"));

    assertThat(e.path()).isEqualTo("$.a[*]");
    assertThat(e.position()).isEqualTo(4);
  }

  private static void assertError(String path, int position, String problem) {
    JsonPathException e = catchThrowableOfType(JsonPathException.class, () -> JsonPath.parse(path));
    assertThat(e).as(path).isNotNull();
    assertThat(e.position()).as(path + ": " + e.getMessage()).isEqualTo(position);
    assertThat(e.getMessage()).as(path).contains("character " + (position + 1) + ": " + problem);
  }

  @Test
  void segmentsAreExposedInOrder() {
    List<JsonPath.Segment> expected = new ArrayList<>();
    expected.add(new JsonPath.Segment.Field("items"));
    expected.add(new JsonPath.Segment.Index(3));
    assertThat(JsonPath.parse("$.items[3]").segments()).isEqualTo(expected);
    assertThatThrownBy(() -> new JsonPath.Segment.Index(-1))
        .hasMessage("an array index is 0 or more, not -1");
  }
}
