package dev.spotter.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.PathPattern;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.TargetOrigin;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.Compression;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardCheckTest {
  private static final Endpoint ORDERS = new Endpoint("GET", "/orders/{id}");
  private static final String ORDER =
      "{\"id\":7,\"status\":\"shipped\",\"total\":12.50,\"qty\":2,\"email\":\"a@b.c\","
          + "\"items\":[{\"sku\":\"A-1\"},{\"sku\":\"B-2\"}],\"note\":null}";

  private final GuardCheck guards = new GuardCheck(new ResponseDiffer(DiffSettings.defaults()));

  private GuardCheckOutcome check(String expectation, HttpResponseData candidate) {
    return guards.check(Expectation.parse(expectation), ORDERS, candidate, null);
  }

  private static HttpResponseData json(String body) {
    return response(200, "application/json", body);
  }

  private static HttpResponseData response(int status, String contentType, String body) {
    Headers headers = contentType == null ? Headers.EMPTY : Headers.of("Content-Type", contentType);
    return new HttpResponseData(status, headers, Body.of(body));
  }

  private static void assertPassed(GuardCheckOutcome outcome, String reason) {
    assertThat(outcome).isEqualTo(new GuardCheckOutcome(true, reason));
  }

  private static void assertFailed(GuardCheckOutcome outcome, String reason) {
    assertThat(outcome).isEqualTo(new GuardCheckOutcome(false, reason));
  }

  @Test
  void sameTellsNoiseFromChangeWithTheSecondaryAsACheckDoes() {
    HttpResponseData primary = json("{\"id\": \"a1\", \"total\": 59.97, \"email\": \"x@y\"}");
    HttpResponseData secondary = json("{\"id\": \"b2\", \"total\": 59.97, \"email\": \"x@y\"}");
    Expectation same = Expectation.parse("same");

    // the id differs between two copies of the old build too: noise
    assertPassed(
        guards.check(
            same,
            ORDERS,
            json("{\"id\": \"c3\", \"total\": 59.970000000000006, \"email\": \"x@y\"}"),
            primary,
            secondary),
        "The candidate's answer is the same as the primary's.");
    // the email does not: a change, even beside noise
    assertThat(
            guards.check(
                same,
                ORDERS,
                json("{\"id\": \"c3\", \"total\": 59.97, \"email\": \"other\"}"),
                primary,
                secondary))
        .extracting(GuardCheckOutcome::passed, o -> o.reason().contains("/body/email"))
        .containsExactly(false, true);
    // a total that moved for real is a change
    assertThat(
            guards
                .check(
                    same,
                    ORDERS,
                    json("{\"id\": \"a1\", \"total\": 59.96, \"email\": \"x@y\"}"),
                    primary,
                    secondary)
                .passed())
        .isFalse();
  }

  @Test
  void noAnswerFromTheCandidateFailsEveryKind() {
    for (String e : List.of("same", "status 200", "exists $.a", "type $.a string", "equals $ 1")) {
      assertFailed(
          guards.check(Expectation.parse(e), ORDERS, null, json("{}")),
          "The candidate gave no answer.");
    }
  }

  @Test
  void statusInTheSetPasses() {
    assertPassed(check("status 200,201", json(ORDER)), "Got status 200, as expected.");
    assertPassed(check("status 2xx", response(204, null, "")), "Got status 204, as expected.");
  }

  @Test
  void statusOutsideTheSetFailsNamingBoth() {
    assertFailed(
        check("status 200,201", response(500, "text/html", "<h1>oops</h1>")),
        "Expected status 200 or 201, got 500.");
    assertFailed(
        check("status 2xx,304", response(404, null, "")), "Expected status 2xx or 304, got 404.");
  }

  @Test
  void existsPassesForAPresentValueEvenNull() {
    assertPassed(
        check("exists $.items[0].sku", json(ORDER)), "$.items[0].sku is present: \"A-1\".");
    assertPassed(check("exists $.note", json(ORDER)), "$.note is present: null.");
  }

  @Test
  void existsFailsNamingTheStepThatIsNotThere() {
    assertFailed(
        check("exists $.items[0].sku", json("{\"id\":7}")),
        "$.items[0].sku is missing: the candidate's body has no 'items'.");
    assertFailed(
        check("exists $.items[0].price", json(ORDER)),
        "$.items[0].price is missing: $.items[0] has no 'price'.");
    assertFailed(
        check("exists $.items[5].sku", json(ORDER)),
        "$.items[5].sku is missing: $.items has 2 elements.");
    assertFailed(
        check("exists $.items[0]", json("{\"items\":[]}")),
        "$.items[0] is missing: $.items is an empty array.");
    assertFailed(
        check("exists $.items[0]", json("{\"items\":{\"0\":1}}")),
        "$.items[0] is missing: $.items is an object ({\"0\":1}), not an array.");
    assertFailed(
        check("exists $.status.code", json(ORDER)),
        "$.status.code is missing: $.status is a string (\"shipped\"), not an object.");
    assertFailed(
        check("exists $.id", json("[1,2]")),
        "$.id is missing: the candidate's body is an array ([1,2]), not an object.");
    assertFailed(
        check("exists $.note.text", json(ORDER)),
        "$.note.text is missing: $.note is null, not an object.");
  }

  @Test
  void typePassesWhenTheValueHasIt() {
    assertPassed(
        check("type $.total number", json(ORDER)), "$.total is a number (12.50), as expected.");
    assertPassed(check("type $.qty integer", json(ORDER)), "$.qty is an integer (2), as expected.");
    for (String e :
        List.of(
            "type $.items array",
            "type $.status string",
            "type $.items[0] object",
            "type $.note null",
            "type $ object",
            "type $.id number")) {
      assertThat(check(e, json(ORDER)).passed()).as(e).isTrue();
    }
    assertThat(check("type $.ok boolean", json("{\"ok\":false}")).passed()).isTrue();
  }

  @Test
  void typeFailsShowingTheValueFound() {
    assertFailed(
        check("type $.total number", json("{\"total\":\"12.50\"}")),
        "$.total is a string (\"12.50\"), expected a number.");
    assertFailed(
        check("type $.total number", json("{\"total\":null}")),
        "$.total is null, expected a number.");
    assertFailed(
        check("type $.qty integer", json("{\"qty\":2.5}")),
        "$.qty is a number (2.5), expected an integer.");
    assertFailed(
        check("type $.items array", json("{\"items\":{}}")),
        "$.items is an object ({}), expected an array.");
    assertFailed(
        check("type $.total number", json("{}")),
        "$.total is missing: the candidate's body has no 'total'.");
  }

  @Test
  void wholeNumbersWrittenWithAFractionAreIntegers() {
    assertThat(check("type $.n integer", json("{\"n\":12.0}")).passed()).isTrue();
    assertThat(check("type $.n integer", json("{\"n\":1.2E+1}")).passed()).isTrue();
    assertThat(check("type $.n integer", json("{\"n\":0.0}")).passed()).isTrue();
    assertThat(check("type $.n integer", json("{\"n\":\"12\"}")).passed()).isFalse();
  }

  @Test
  void equalsPassesForTheSameValue() {
    assertPassed(
        check("equals $.status \"shipped\"", json(ORDER)), "$.status is \"shipped\", as expected.");
    assertThat(check("equals $.note null", json(ORDER)).passed()).isTrue();
    assertThat(check("equals $.items[1] {\"sku\":\"B-2\"}", json(ORDER)).passed()).isTrue();
    assertThat(check("equals $.ok true", json("{\"ok\":true}")).passed()).isTrue();
  }

  @Test
  void numbersAreEqualByValueWhateverTheirSpelling() {
    assertPassed(check("equals $.total 12.5", json(ORDER)), "$.total is 12.50, as expected.");
    assertThat(check("equals $.total 12.500", json("{\"total\":12.5}")).passed()).isTrue();
    assertThat(check("equals $.qty 2.0", json(ORDER)).passed()).isTrue();
    assertThat(check("equals $.n 1E+3", json("{\"n\":1000}")).passed()).isTrue();
    assertThat(
            check(
                    "equals $ {\"a\":[1.0,{\"b\":2.50}],\"c\":3}",
                    json("{\"c\":3.0,\"a\":[1,{\"b\":2.5}]}"))
                .passed())
        .isTrue();
  }

  @Test
  void equalsFailsShowingBothValues() {
    assertFailed(
        check("equals $.status \"shipped\"", json("{\"status\":\"pending\"}")),
        "$.status is \"pending\", expected \"shipped\".");
    assertFailed(
        check("equals $.total 12.5", json("{\"total\":\"12.5\"}")),
        "$.total is \"12.5\", expected 12.5.");
    assertFailed(
        check("equals $.tags [\"a\",\"b\"]", json("{\"tags\":[\"b\",\"a\"]}")),
        "$.tags is [\"b\",\"a\"], expected [\"a\",\"b\"].");
    assertFailed(
        check("equals $.status \"shipped\"", json("{}")),
        "$.status is missing: the candidate's body has no 'status'.");
  }

  @Test
  void longValuesAreShortenedInTheReason() {
    String longText = "x".repeat(200);
    GuardCheckOutcome outcome = check("equals $.a \"short\"", json("{\"a\":\"" + longText + "\"}"));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.reason()).hasSizeLessThan(140).contains("\u2026");
    assertFailed(
        check("equals $.a 1", json("{\"a\":{\"k\":\"" + longText + "\",\"l\":1}}")),
        "$.a is an object of 2 fields, expected 1.");
  }

  @Test
  void aPlusJsonMediaTypeIsJson() {
    HttpResponseData problem =
        response(
            422,
            "application/problem+json; charset=utf-8",
            "{\"type\":\"about:blank\",\"title\":\"Unprocessable\"}");

    assertPassed(
        check("equals $.title \"Unprocessable\"", problem),
        "$.title is \"Unprocessable\", as expected.");
    assertThat(check("exists $.type", response(200, "text/json", "{\"type\":1}")).passed())
        .isTrue();
  }

  @Test
  void aBodyWithoutContentTypeIsReadWhenItParses() {
    assertThat(check("exists $.id", response(200, null, "{\"id\":1}")).passed()).isTrue();
    assertFailed(
        check("exists $.id", response(200, null, "id=1")),
        "The candidate's body is not JSON (it has no Content-Type and does not parse), so $.id"
            + " cannot be read.");
  }

  @Test
  void aBodyThatIsNotJsonCannotBeRead() {
    assertFailed(
        check(
            "equals $.status \"shipped\"",
            response(502, "text/html; charset=utf-8", "<h1>Bad Gateway</h1>")),
        "The candidate's body is not JSON (text/html), so $.status cannot be read.");
    assertFailed(
        check("exists $.status", response(200, "application/json", "{\"status\":")),
        "The candidate's body says application/json but is not valid JSON, so $.status cannot be"
            + " read.");
    assertFailed(
        check("exists $", response(204, "application/json", "")),
        "The candidate's body is empty, so $ cannot be read.");
  }

  @Test
  void aBodyCutAtTheSizeLimitSaysSo() {
    byte[] whole = ORDER.getBytes(StandardCharsets.UTF_8);
    Body cut = new Body(java.util.Arrays.copyOf(whole, 20), whole.length, true);
    HttpResponseData candidate =
        new HttpResponseData(200, Headers.of("Content-Type", "application/json"), cut);

    assertFailed(
        check("exists $.id", candidate),
        "The candidate's body was cut at 20 of its "
            + whole.length
            + " bytes, too short to read as JSON, so $.id cannot be read.");
  }

  @Test
  void aGzipBodyIsDecodedBeforeItIsRead() {
    HttpResponseData gzipped =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
            Body.of(Compression.gzip(ORDER.getBytes(StandardCharsets.UTF_8))));

    assertPassed(
        check("equals $.status \"shipped\"", gzipped), "$.status is \"shipped\", as expected.");
  }

  @Test
  void aBrotliBodyIsDecodedBeforeItIsRead() {
    HttpResponseData brotli =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json", "Content-Encoding", "br"),
            Body.of(Compression.brotli(ORDER.getBytes(StandardCharsets.UTF_8))));

    assertThat(check("type $.items array", brotli).passed()).isTrue();
  }

  @Test
  void aBodyReplayAlreadyDecodedIsReadThoughItsHeaderStillSaysGzip() {
    HttpResponseData decoded =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
            Body.of(ORDER));

    assertThat(check("exists $.email", decoded).passed()).isTrue();
  }

  @Test
  void aBodyThatClaimsGzipButDoesNotDecodeFails() {
    byte[] gz = Compression.gzip(ORDER.getBytes(StandardCharsets.UTF_8));
    HttpResponseData broken =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
            Body.of(java.util.Arrays.copyOf(gz, gz.length / 2)));

    GuardCheckOutcome outcome = check("exists $.id", broken);

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.reason())
        .startsWith("The candidate's body says Content-Encoding gzip but does not decode (")
        .endsWith("), so $.id cannot be read.");
  }

  @Test
  void sameWithoutThePrimarysAnswerFails() {
    assertFailed(
        guards.check(new Expectation.Same(), ORDERS, json(ORDER), null),
        "The primary gave no answer to compare with, so 'same' cannot be checked.");
  }

  @Test
  void samePassesForAnEqualAnswer() {
    HttpResponseData primary = withHeader(json(ORDER), "Date", "Mon, 01 Jan 2024 00:00:00 GMT");
    HttpResponseData candidate =
        withHeader(json(ORDER.replace("12.50", "12.5")), "Date", "Tue, 02 Jan 2024 10:00:00 GMT");

    assertPassed(
        guards.check(new Expectation.Same(), ORDERS, candidate, primary),
        "The candidate's answer is the same as the primary's.");
  }

  @Test
  void sameFailsNamingTheFirstDifferenceAndCountingTheRest() {
    HttpResponseData candidate =
        json(
            "{\"id\":7,\"status\":\"shipped\",\"total\":12.50,\"qty\":3,\"items\":[],\"note\":null}");

    GuardCheckOutcome outcome =
        guards.check(new Expectation.Same(), ORDERS, candidate, json(ORDER));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.reason())
        .startsWith("The candidate's answer differs from the primary's: /body/")
        .endsWith(" (and 2 more).");
  }

  @Test
  void sameNamesAFieldMissingFromTheCandidate() {
    HttpResponseData candidate = json(ORDER.replace(",\"email\":\"a@b.c\"", ""));

    assertFailed(
        guards.check(new Expectation.Same(), ORDERS, candidate, json(ORDER)),
        "The candidate's answer differs from the primary's: /body/email field_missing.");
  }

  @Test
  void sameShowsBothValuesOfAChange() {
    assertFailed(
        guards.check(
            new Expectation.Same(), ORDERS, response(500, "application/json", ORDER), json(ORDER)),
        "The candidate's answer differs from the primary's: /status status_changed (primary 200,"
            + " candidate 500).");
  }

  @Test
  void sameIgnoresWhatTheDiffSettingsIgnore() {
    DiffSettings settings =
        new DiffSettings(
            Set.of("x-build"),
            List.of(
                new DiffSettings.PathRule(null, PathPattern.parse("/body/email")),
                new DiffSettings.PathRule(
                    EndpointPattern.parse("GET /orders/{id}"),
                    PathPattern.parse("/body/items/**"))),
            List.of());
    GuardCheck lenient = new GuardCheck(new ResponseDiffer(settings));
    HttpResponseData primary = withHeader(json(ORDER), "X-Build", "41");
    HttpResponseData candidate =
        withHeader(
            json(ORDER.replace("a@b.c", "z@y.x").replace("\"A-1\"", "\"A-9\"")), "X-Build", "42");

    assertPassed(
        lenient.check(new Expectation.Same(), ORDERS, candidate, primary),
        "The candidate's answer is the same as the primary's.");
    assertThat(guards.check(new Expectation.Same(), ORDERS, candidate, primary).passed()).isFalse();
    // The items rule is for GET /orders/{id} only: on another endpoint the change counts.
    assertFailed(
        lenient.check(
            new Expectation.Same(), new Endpoint("GET", "/carts/{id}"), candidate, primary),
        "The candidate's answer differs from the primary's: /body/items/0/sku value_changed"
            + " (primary \"A-1\", candidate \"A-9\").");
  }

  @Test
  void sameComparesAGzipCandidateWithAPlainPrimaryByContent() {
    HttpResponseData candidate =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
            Body.of(Compression.gzip(ORDER.getBytes(StandardCharsets.UTF_8))));
    HttpResponseData primary =
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
            Body.of(ORDER));

    assertPassed(
        guards.check(new Expectation.Same(), ORDERS, candidate, primary),
        "The candidate's answer is the same as the primary's.");
  }

  private static HttpResponseData withHeader(HttpResponseData r, String name, String value) {
    return r.withHeaders(r.headers().with(name, value));
  }

  @Test
  void sameReadsEachAnswerUnderItsOwnOriginSoHostBuiltUrlsCompareByWhatTheyPointAt() {
    GuardCheck.Origins origins =
        new GuardCheck.Origins(
            new TargetOrigin("http", "127.0.0.1", 4003, "127.0.0.1:4003"),
            new TargetOrigin("http", "127.0.0.1", 4001, "127.0.0.1:4001"),
            new TargetOrigin("http", "127.0.0.1", 4002, "127.0.0.1:4002"));
    HttpResponseData primary = json("{\"tarball\":\"http://127.0.0.1:4001/p/-/p-1.tgz\"}");
    HttpResponseData secondary = json("{\"tarball\":\"http://127.0.0.1:4002/p/-/p-1.tgz\"}");
    HttpResponseData same = json("{\"tarball\":\"http://127.0.0.1:4003/p/-/p-1.tgz\"}");
    HttpResponseData moved = json("{\"tarball\":\"http://127.0.0.1:4003/tarballs/p-1.tgz\"}");

    assertThat(
            guards
                .check(new Expectation.Same(), ORDERS, same, primary, secondary, origins)
                .passed())
        .isTrue();
    assertThat(
            guards
                .check(new Expectation.Same(), ORDERS, moved, primary, secondary, origins)
                .passed())
        .isFalse();
    // without origins, the copies' URLs differ and hide the move as noise
    assertThat(guards.check(new Expectation.Same(), ORDERS, moved, primary, secondary).passed())
        .isTrue();
  }
}
