package dev.spotter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectationTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "same",
        "status 200",
        "status 200,201,204",
        "status 2xx",
        "status 2xx,404",
        "status 1xx,2xx,3xx",
        "exists $",
        "exists $.items[0].sku",
        "exists $['unit price'].amount",
        "exists $['it\\'s']",
        "type $.total number",
        "type $.qty integer",
        "type $.name string",
        "type $.ok boolean",
        "type $.customer object",
        "type $.items array",
        "type $.deletedAt null",
        "equals $.status \"shipped\"",
        "equals $.total 12.50",
        "equals $.count 7",
        "equals $.big 1E+3",
        "equals $.ok true",
        "equals $.gone null",
        "equals $.items[0] {\"sku\":\"A-1\",\"qty\":2}",
        "equals $.tags [\"a\",\"b c\"]",
        "equals $['a b'] \"x y\""
      })
  void canonicalTextRoundTrips(String text) {
    Expectation parsed = Expectation.parse(text);

    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.toString()).isEqualTo(text);
    assertThat(Expectation.parse(parsed.text())).isEqualTo(parsed);
  }

  @Test
  void everyKindParsesToItsRecord() {
    assertThat(Expectation.parse("same")).isEqualTo(new Expectation.Same());
    assertThat(Expectation.parse("status 201,200")).isEqualTo(Expectation.StatusIn.of(200, 201));
    assertThat(Expectation.parse("exists $.a")).isInstanceOf(Expectation.Exists.class);
    assertThat(Expectation.parse("type $.a number"))
        .isEqualTo(new Expectation.HasType(JsonPath.parse("$.a"), Expectation.JsonType.NUMBER));
    assertThat(Expectation.parse("equals $.a 1")).isInstanceOf(Expectation.EqualsValue.class);
  }

  @Test
  void onlySameNeedsThePrimary() {
    assertThat(Expectation.parse("same").needsPrimary()).isTrue();
    for (String text : List.of("status 200", "exists $.a", "type $.a string", "equals $.a \"b\"")) {
      assertThat(Expectation.parse(text).needsPrimary()).as(text).isFalse();
    }
  }

  @Test
  void looseSpellingIsReadAndWrittenCanonically() {
    assertThat(Expectation.parse("  STATUS 204, 200  201 ").text()).isEqualTo("status 200,201,204");
    assertThat(Expectation.parse("status 404,2XX,200").text()).isEqualTo("status 2xx,200,404");
    assertThat(Expectation.parse("Type   $[\"total\"]   NUMBER").text())
        .isEqualTo("type $.total number");
    assertThat(Expectation.parse("equals $.o { \"b\" : 1 ,  \"a\" : [ 1 , 2 ] }").text())
        .isEqualTo("equals $.o {\"b\":1,\"a\":[1,2]}");
    assertThat(Expectation.parse("exists $.items[00]").text()).isEqualTo("exists $.items[0]");
  }

  @Test
  void statusListsSayWhatTheyAcceptInWords() {
    assertThat(Expectation.StatusIn.of(200).accepted()).isEqualTo("200");
    assertThat(Expectation.StatusIn.of(200, 201).accepted()).isEqualTo("200 or 201");
    assertThat(((Expectation.StatusIn) Expectation.parse("status 204,2xx,404")).accepted())
        .isEqualTo("2xx, 204 or 404");
  }

  @Test
  void statusAcceptsCodesAndWholeClasses() {
    Expectation.StatusIn s = (Expectation.StatusIn) Expectation.parse("status 4xx,201");

    assertThat(s.accepts(201)).isTrue();
    assertThat(s.accepts(404)).isTrue();
    assertThat(s.accepts(499)).isTrue();
    assertThat(s.accepts(200)).isFalse();
    assertThat(s.accepts(500)).isFalse();
  }

  @Test
  void equalsKeepsItsValueEvenWhenTheCallerChangesTheNodeAfterwards() {
    var node = ExpectationJson.MAPPER.createObjectNode().put("a", 1);
    Expectation.EqualsValue e = new Expectation.EqualsValue(JsonPath.ROOT, node);
    node.put("a", 2);

    assertThat(e.text()).isEqualTo("equals $ {\"a\":1}");
  }

  @Test
  void aMisspelledKeywordListsEveryKind() {
    assertThatThrownBy(() -> Expectation.parse("statsu 200"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'statsu 200' is not an expectation; write same, status 200,201, exists $.path,"
                + " type $.path number, or equals $.path VALUE");
  }

  @Test
  void anEmptyExpectationSaysWhatToWrite() {
    for (String blank : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> Expectation.parse(blank))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the expectation is empty; write same, status 200,201");
    }
  }

  @Test
  void aStatusThatIsNotACodeOrClassIsNamed() {
    assertThatThrownBy(() -> Expectation.parse("status 2O0"))
        .hasMessage("status: '2O0' is not a status code or class (200, 2xx)");
    assertThatThrownBy(() -> Expectation.parse("status 200,20"))
        .hasMessage("status: '20' is not a status code or class (200, 2xx)");
    assertThatThrownBy(() -> Expectation.parse("status 0xx"))
        .hasMessage("status: '0xx' is not a status code or class (200, 2xx)");
    assertThatThrownBy(() -> Expectation.parse("status"))
        .hasMessage(
            "status: name the accepted codes or classes, such as status 200,201 or status 2xx");
  }

  @Test
  void statusRecordsRejectImpossibleCodes() {
    assertThatThrownBy(() -> Expectation.StatusIn.of(42))
        .hasMessage("status: 42 is not a status code");
    assertThatThrownBy(() -> new Expectation.StatusIn(Set.of(), Set.of()))
        .hasMessage("status: name at least one status code or class");
  }

  @Test
  void sameTakesNoArgument() {
    assertThatThrownBy(() -> Expectation.parse("same 200"))
        .hasMessageStartingWith("same: nothing may follow it, yet '200' does; write same,");
  }

  @Test
  void aMissingPathSaysWhereItGoes() {
    assertThatThrownBy(() -> Expectation.parse("exists"))
        .hasMessage("exists: the JSON path is missing; write it such as exists $.items[0].sku");
    assertThatThrownBy(() -> Expectation.parse("type"))
        .hasMessage("type: the JSON path is missing; write it such as type $.total number");
    assertThatThrownBy(() -> Expectation.parse("equals  "))
        .hasMessage(
            "equals: the JSON path is missing; write it such as equals $.status \"shipped\"");
  }

  @Test
  void aBadPathIsReportedWithItsKeywordAndPosition() {
    assertThatThrownBy(() -> Expectation.parse("exists $.items[*].sku"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "exists: JSON path '$.items[*].sku', character 9: wildcards (*) are not supported;"
                + " a path is $ followed by .name, ['name'] or [index]")
        .hasCauseInstanceOf(JsonPathException.class);
    assertThatThrownBy(() -> Expectation.parse("type items number"))
        .hasMessage(
            "type: JSON path 'items', character 1: a JSON path starts with $, such as $.items");
  }

  @Test
  void textAfterAnExistsPathIsRejectedWithAHintAboutQuotes() {
    assertThatThrownBy(() -> Expectation.parse("exists $.unit price"))
        .hasMessage(
            "exists: 'price' follows the path $.unit; a name with blanks is written in quotes,"
                + " such as $['unit price']");
  }

  @Test
  void anUnknownTypeListsTheTypes() {
    assertThatThrownBy(() -> Expectation.parse("type $.total numbr"))
        .hasMessage(
            "type: 'numbr' is not a JSON type; write one of string, number, integer, boolean,"
                + " object, array or null");
    assertThatThrownBy(() -> Expectation.parse("type $.total"))
        .hasMessageStartingWith("type: the type is missing after $.total; write one of string");
  }

  @Test
  void anUnquotedStringIsNotAJsonValue() {
    assertThatThrownBy(() -> Expectation.parse("equals $.status shipped"))
        .hasMessage(
            "equals: 'shipped' is not a JSON value; write a string in double quotes"
                + " (\"shipped\"), a number, true, false, null, or JSON such as {\"id\":7}");
    assertThatThrownBy(() -> Expectation.parse("equals $.a 1 2"))
        .hasMessageStartingWith("equals: '1 2' is not a JSON value");
    assertThatThrownBy(() -> Expectation.parse("equals $.a"))
        .hasMessage("equals: the value is missing after $.a; write JSON, such as \"shipped\"");
  }
}
