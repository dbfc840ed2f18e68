package dev.spotter.diff;

import static dev.spotter.diff.Responses.ORDERS;
import static dev.spotter.diff.Responses.json;
import static dev.spotter.diff.Responses.text;
import static dev.spotter.diff.Responses.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseDifferTest {
  private final ResponseDiffer differ = new ResponseDiffer(DiffSettings.defaults());

  private List<Difference> diff(HttpResponseData a, HttpResponseData b) {
    return differ.diff(ORDERS, a, b);
  }

  @Test
  void identicalResponsesHaveNoDifferences() {
    String body = "{\"id\":7,\"items\":[{\"sku\":\"A\",\"qty\":2}],\"total\":12.5,\"ok\":true}";
    assertThat(diff(json(body), json(body))).isEmpty();
  }

  @Test
  void statusChangeIsReportedAtTheStatusPath() {
    assertThat(diff(json(404, "{}"), json(500, "{}")))
        .extracting(Difference::path, Difference::kind, Difference::primary, Difference::other)
        .containsExactly(tuple("/status", DifferenceKind.STATUS_CHANGED, "404", "500"));
  }

  @Test
  void volatileHeadersAreNotComparedByDefault() {
    HttpResponseData a =
        withHeaders(
            json("{}"),
            "Date",
            "Mon, 01 Jan 2024 00:00:00 GMT",
            "Server",
            "a",
            "ETag",
            "\"1\"",
            "Content-Length",
            "2",
            "X-Request-Id",
            "r1");
    HttpResponseData b =
        withHeaders(
            json("{}"),
            "Date",
            "Tue, 02 Jan 2024 00:00:00 GMT",
            "Server",
            "b",
            "ETag",
            "\"2\"",
            "Content-Length",
            "3",
            "X-Request-Id",
            "r2");
    assertThat(diff(a, b)).isEmpty();
  }

  @Test
  void headerDifferencesSayWhetherTheHeaderChangedWentMissingOrWasAdded() {
    HttpResponseData a = withHeaders(json("{}"), "Cache-Control", "max-age=60", "X-Old", "1");
    HttpResponseData b = withHeaders(json("{}"), "Cache-Control", "no-store", "X-New", "1");
    assertThat(diff(a, b))
        .extracting(Difference::path, Difference::kind)
        .containsExactlyInAnyOrder(
            tuple("/headers/cache-control", DifferenceKind.HEADER_CHANGED),
            tuple("/headers/x-old", DifferenceKind.FIELD_MISSING),
            tuple("/headers/x-new", DifferenceKind.FIELD_ADDED));
  }

  @Test
  void ignoredHeadersAreConfigurable() {
    ResponseDiffer custom =
        new ResponseDiffer(new DiffSettings(Set.of("X-Build"), List.of(), List.of()));
    HttpResponseData a = withHeaders(json("{}"), "X-Build", "1", "Date", "a");
    HttpResponseData b = withHeaders(json("{}"), "X-Build", "2", "Date", "b");
    assertThat(custom.diff(ORDERS, a, b))
        .extracting(Difference::path)
        .containsExactly("/headers/date");
  }

  @Test
  void anotherMediaTypeIsAMediaTypeChangeButAnotherCharsetIsOnlyAHeaderChange() {
    HttpResponseData a = json("{\"a\":1}");
    HttpResponseData html =
        new HttpResponseData(200, Headers.of("Content-Type", "text/html"), Body.of("<p>x</p>"));
    assertThat(diff(a, html))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(
            tuple("/headers/content-type", DifferenceKind.MEDIA_TYPE_CHANGED),
            tuple("/body", DifferenceKind.TYPE_CHANGED));

    HttpResponseData charset =
        withHeaders(json("{\"a\":1}"), "Content-Type", "application/json; charset=utf-8");
    assertThat(diff(a, charset))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(tuple("/headers/content-type", DifferenceKind.HEADER_CHANGED));
  }

  @Test
  void renamedFieldIsOneFieldMissingAndOneFieldAdded() {
    assertThat(
            diff(
                json("{\"email\":\"a@b.c\",\"id\":1}"),
                json("{\"emailAddress\":\"a@b.c\",\"id\":1}")))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(
            tuple("/body/email", DifferenceKind.FIELD_MISSING),
            tuple("/body/emailAddress", DifferenceKind.FIELD_ADDED));
  }

  @Test
  void numberTurnedIntoStringIsATypeChange() {
    assertThat(diff(json("{\"price\":12.5}"), json("{\"price\":\"12.50\"}")))
        .extracting(Difference::path, Difference::kind, Difference::primary, Difference::other)
        .containsExactly(
            tuple("/body/price", DifferenceKind.TYPE_CHANGED, "number 12.5", "string \"12.50\""));
  }

  @Test
  void valueChangeInsideArraysHasAConcretePointerAndAFoldedPath() {
    List<Difference> d =
        diff(
            json("{\"items\":[{\"qty\":1},{\"qty\":2}]}"),
            json("{\"items\":[{\"qty\":1},{\"qty\":3}]}"));
    assertThat(d)
        .extracting(Difference::pointer, Difference::path, Difference::kind)
        .containsExactly(
            tuple("/body/items/1/qty", "/body/items/*/qty", DifferenceKind.VALUE_CHANGED));
  }

  @Test
  void arrayLengthChangeIsReportedOnceAndTheCommonPrefixCompared() {
    List<Difference> d = diff(json("{\"a\":[1,2,3]}"), json("{\"a\":[1,9]}"));
    assertThat(d)
        .extracting(Difference::path, Difference::kind)
        .containsExactly(
            tuple("/body/a", DifferenceKind.ARRAY_LENGTH_CHANGED),
            tuple("/body/a/*", DifferenceKind.VALUE_CHANGED));
  }

  @Test
  void arraysConfiguredAsSetsIgnoreOrderButStillShowChangedElements() {
    ResponseDiffer sets =
        new ResponseDiffer(
            new DiffSettings(
                DiffSettings.DEFAULT_IGNORED_HEADERS,
                List.of(),
                List.of(
                    new DiffSettings.ArrayRule(
                        null, PathPattern.parse("/body/tags"), DiffSettings.ArrayMode.SET, null),
                    new DiffSettings.ArrayRule(
                        null,
                        PathPattern.parse("/body/lines"),
                        DiffSettings.ArrayMode.SET,
                        null))));
    assertThat(
            sets.diff(
                ORDERS,
                json("{\"tags\":[\"gift\",\"priority\",\"eu\"]}"),
                json("{\"tags\":[\"eu\",\"gift\",\"priority\"]}")))
        .isEmpty();
    assertThat(
            sets.diff(
                ORDERS,
                json("{\"lines\":[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"B\",\"qty\":2}]}"),
                json("{\"lines\":[{\"sku\":\"B\",\"qty\":2},{\"sku\":\"A\",\"qty\":5}]}")))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(tuple("/body/lines/*/qty", DifferenceKind.VALUE_CHANGED));
  }

  @Test
  void keyedArraysPairElementsByTheirKey() {
    ResponseDiffer keyed =
        new ResponseDiffer(
            new DiffSettings(
                DiffSettings.DEFAULT_IGNORED_HEADERS,
                List.of(),
                List.of(
                    new DiffSettings.ArrayRule(
                        EndpointPattern.parse("GET /orders/{id}"),
                        PathPattern.parse("/body/items"),
                        DiffSettings.ArrayMode.KEYED,
                        "sku"))));
    List<Difference> d =
        keyed.diff(
            ORDERS,
            json(
                "{\"items\":[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"B\",\"qty\":2},{\"sku\":\"C\"}]}"),
            json(
                "{\"items\":[{\"sku\":\"D\"},{\"sku\":\"B\",\"qty\":3},{\"sku\":\"A\",\"qty\":1}]}"));
    assertThat(d)
        .extracting(Difference::path, Difference::kind)
        .containsExactly(
            tuple("/body/items/*/qty", DifferenceKind.VALUE_CHANGED),
            tuple("/body/items/*", DifferenceKind.FIELD_MISSING),
            tuple("/body/items/*", DifferenceKind.FIELD_ADDED));
    assertThat(d.get(0).pointer()).isEqualTo("/body/items/1/qty");
    assertThat(d.get(1).primary()).isEqualTo("element with sku=C");
  }

  @Test
  void keyedArraysStillShowRepeatedKeysAndElementsWithoutTheKey() {
    ResponseDiffer keyed =
        new ResponseDiffer(
            new DiffSettings(
                DiffSettings.DEFAULT_IGNORED_HEADERS,
                List.of(),
                List.of(
                    new DiffSettings.ArrayRule(
                        null,
                        PathPattern.parse("/body/items"),
                        DiffSettings.ArrayMode.KEYED,
                        "sku"))));
    // A duplicated element in the candidate is an added element.
    assertThat(
            keyed.diff(
                ORDERS,
                json("{\"items\":[{\"sku\":\"A\"}]}"),
                json("{\"items\":[{\"sku\":\"A\"},{\"sku\":\"A\"}]}")))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(tuple("/body/items/*", DifferenceKind.FIELD_ADDED));
    // Elements without the key pair by their order among such elements.
    assertThat(
            keyed.diff(
                ORDERS,
                json("{\"items\":[{\"q\":1},{\"q\":2}]}"),
                json("{\"items\":[{\"q\":1},{\"q\":999}]}")))
        .extracting(Difference::pointer, Difference::kind)
        .containsExactly(tuple("/body/items/1/q", DifferenceKind.VALUE_CHANGED));
  }

  @Test
  void ignoredPathsDropTheirDifferencesWhereTheyApply() {
    ResponseDiffer ignoring =
        new ResponseDiffer(
            new DiffSettings(
                DiffSettings.DEFAULT_IGNORED_HEADERS,
                List.of(
                    new DiffSettings.PathRule(null, PathPattern.parse("/body/servedAt")),
                    new DiffSettings.PathRule(null, PathPattern.parse("/body/debug/**")),
                    new DiffSettings.PathRule(
                        EndpointPattern.parse("GET /health"), PathPattern.parse("/body/uptime"))),
                List.of()));
    String a = "{\"servedAt\":\"1\",\"debug\":{\"x\":[1,2]},\"uptime\":1,\"total\":1}";
    String b = "{\"servedAt\":\"2\",\"debug\":{\"x\":[3]},\"uptime\":2,\"total\":2}";
    assertThat(ignoring.diff(ORDERS, json(a), json(b)))
        .extracting(Difference::path)
        .containsExactly("/body/uptime", "/body/total");
    assertThat(ignoring.diff(new Endpoint("GET", "/health"), json(a), json(b)))
        .extracting(Difference::path)
        .containsExactly("/body/total");
  }

  @Test
  void oneAndOnePointZeroAreTheSameNumber() {
    assertThat(diff(json("{\"n\":1,\"m\":2.50}"), json("{\"n\":1.0,\"m\":2.5}"))).isEmpty();
  }

  @Test
  void numericChangesCarryHowFarTheValueMoved() {
    Difference d = diff(json("{\"t\":59.970000000000006}"), json("{\"t\":59.97}")).get(0);
    assertThat(d.change()).isInstanceOf(ValueChange.Numeric.class);
    assertThat(((ValueChange.Numeric) d.change()).decade()).isLessThanOrEqualTo(-15);
    Difference big = diff(json("{\"t\":10}"), json("{\"t\":11}")).get(0);
    assertThat(((ValueChange.Numeric) big.change()).decade()).isEqualTo(-2);
  }

  @Test
  void stringChangesCarryTheShapesOfBothValues() {
    Difference d =
        diff(json("{\"at\":\"2024-05-01T10:00:00Z\"}"), json("{\"at\":\"1714557600\"}")).get(0);
    assertThat(d.change()).isEqualTo(new ValueChange.Textual("datetime", "integer"));
  }

  @Test
  void textBodiesAreComparedLineByLine() {
    List<Difference> d = diff(text("a,b\n1,2\n3,4\n"), text("a,b\n1,2\n3,5\n"));
    assertThat(d)
        .extracting(Difference::path, Difference::kind, Difference::primary, Difference::other)
        .containsExactly(tuple("/body/line/3", DifferenceKind.VALUE_CHANGED, "3,4", "3,5"));
  }

  @Test
  void eachChangedLineIsItsOwnDifferenceSoANoisyLineDoesNotHideAnother() {
    String page = "<form>\n<input name=csrf value=%s>\n<span class=price>%s</span>\n</form>\n";
    List<Difference> d =
        diff(
            text(String.format(page, "abc123", "12.50")),
            text(String.format(page, "zz9", "12.99")));
    assertThat(d).extracting(Difference::path).containsExactly("/body/line/2", "/body/line/3");
  }

  @Test
  void anInsertedLineIsOneAddedLineNotEveryLineAfterItChanged() {
    List<Difference> d = diff(text("a\nb\nc\nd\n"), text("a\nnew\nb\nc\nd\n"));
    assertThat(d)
        .extracting(Difference::path, Difference::kind, Difference::other)
        .containsExactly(tuple("/body/line/2", DifferenceKind.FIELD_ADDED, "new"));
    assertThat(diff(text("a\nb\nc\n"), text("a\nc\n")))
        .extracting(Difference::path, Difference::kind, Difference::primary)
        .containsExactly(tuple("/body/line/2", DifferenceKind.FIELD_MISSING, "b"));
  }

  @Test
  void onlyLineEndingsChangingIsOneWholeBodyDifference() {
    assertThat(diff(text("a\nb\n"), text("a\r\nb\r\n")))
        .extracting(Difference::path, Difference::primary, Difference::other)
        .containsExactly(tuple("/body", "line endings LF", "line endings CRLF"));
  }

  @Test
  void binaryBodiesAreComparedByHash() {
    HttpResponseData a =
        new HttpResponseData(
            200, Headers.of("Content-Type", "image/png"), Body.of(new byte[] {1, 2, 3, 0}));
    HttpResponseData b = a.withBody(Body.of(new byte[] {1, 2, 4, 0}));
    assertThat(diff(a, a)).isEmpty();
    assertThat(diff(a, b))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("/body");
              assertThat(d.primary()).startsWith("4 bytes, sha256 ");
            });
  }

  @Test
  void anEmptyBodyWhereThereWasOneIsAMissingBody() {
    assertThat(diff(json("{\"a\":1}"), json(200, "")))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(tuple("/body", DifferenceKind.FIELD_MISSING));
    assertThat(diff(json(200, ""), json(200, ""))).isEmpty();
  }

  @Test
  void aBodyThatClaimsJsonButIsNotIsATypeChangeFromValidJson() {
    assertThat(diff(json("{\"a\":1}"), json("{\"a\":1")))
        .extracting(Difference::path, Difference::kind, Difference::other)
        .containsExactly(
            tuple("/body", DifferenceKind.TYPE_CHANGED, "text that is not valid JSON"));
    // Two broken bodies are still compared, as text.
    assertThat(diff(json("{\"a\":1"), json("{\"a\":2"))).hasSize(1);
  }

  @Test
  void keysWithSlashesAndTildesAreEscapedAsJsonPointer() {
    assertThat(diff(json("{\"a/b\":{\"c~d\":1}}"), json("{\"a/b\":{\"c~d\":2}}")))
        .extracting(Difference::path)
        .containsExactly("/body/a~1b/c~0d");
  }

  @Test
  void aMissingObjectIsOneDifferenceNotOnePerField() {
    assertThat(diff(json("{\"customer\":{\"id\":1,\"name\":\"x\"}}"), json("{}")))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(tuple("/body/customer", DifferenceKind.FIELD_MISSING));
  }

  @Test
  void nullInsteadOfAValueIsATypeChange() {
    assertThat(diff(json("{\"a\":{\"b\":1}}"), json("{\"a\":null}")))
        .extracting(Difference::path, Difference::kind)
        .containsExactly(tuple("/body/a", DifferenceKind.TYPE_CHANGED));
  }

  @Test
  void jsonWithoutContentTypeIsStillComparedAsJson() {
    HttpResponseData a = new HttpResponseData(200, Headers.EMPTY, Body.of("{\"a\":1,\"b\":2}"));
    HttpResponseData b = new HttpResponseData(200, Headers.EMPTY, Body.of("{\"b\":2,\"a\":3}"));
    assertThat(diff(a, b)).extracting(Difference::path).containsExactly("/body/a");
  }

  @Test
  void changedStringsAreShownAsEscapedJsonAndCutWhenLong() {
    String longText = "x".repeat(500);
    Difference d =
        diff(json("{\"s\":\"say \\\"hi\\\"\\n\"}"), json("{\"s\":\"" + longText + "\"}")).get(0);
    assertThat(d.primary()).isEqualTo("\"say \\\"hi\\\"\\n\"");
    assertThat(d.other()).hasSizeLessThanOrEqualTo(160).endsWith("\u2026");
  }
}
