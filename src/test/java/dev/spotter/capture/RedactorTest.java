package dev.spotter.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor defaults = new Redactor(RedactionRules.defaults());

  private static HttpRequestData get(String url, String... headers) {
    return new HttpRequestData("GET", url, Headers.of(headers), Body.EMPTY);
  }

  @Test
  void authorizationKeepsItsSchemeButNotTheCredentials() {
    HttpRequestData r =
        defaults.redact(
            get(
                "/",
                "Authorization",
                "Bearer abc.def.ghi",
                "Proxy-Authorization",
                "Basic dXNlcjpw"));
    assertThat(r.headers().first("Authorization")).contains("Bearer [REDACTED]");
    assertThat(r.headers().first("Proxy-Authorization")).contains("Basic [REDACTED]");
    assertThat(
            defaults.redact(get("/", "authorization", "rawtoken")).headers().first("authorization"))
        .contains("[REDACTED]");
  }

  @Test
  void cookiesKeepTheirNamesAndSetCookieKeepsItsAttributes() {
    HttpRequestData request = defaults.redact(get("/", "Cookie", "a=1; b=two=2;theme=dark"));
    assertThat(request.headers().first("Cookie"))
        .contains("a=[REDACTED]; b=[REDACTED]; theme=[REDACTED]");

    HttpResponseData response =
        defaults.redact(
            new HttpResponseData(
                200,
                Headers.of(
                    "Set-Cookie", "sid=s3cr3t; Path=/; HttpOnly",
                    "set-cookie", "csrf=xyz; Secure; SameSite=Strict"),
                Body.EMPTY));
    assertThat(response.headers().all("Set-Cookie"))
        .containsExactly(
            "sid=[REDACTED]; Path=/; HttpOnly", "csrf=[REDACTED]; Secure; SameSite=Strict");
  }

  @Test
  void configuredHeadersAreReplacedWholeAndOthersKeptInOrder() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withHeaderNames("X-Api-Key"));
    HttpRequestData r =
        redactor.redact(
            get("/", "Host", "a", "x-api-key", "k1", "Accept", "*/*", "X-API-KEY", "k2"));
    assertThat(r.headers())
        .isEqualTo(
            Headers.of(
                "Host",
                "a",
                "x-api-key",
                "[REDACTED]",
                "Accept",
                "*/*",
                "X-API-KEY",
                "[REDACTED]"));
  }

  @Test
  void queryParametersAreRedactedInTheUrlAndInRefererButTheRestIsKeptByteForByte() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withQueryParameters("api_key", "Token"));
    HttpRequestData r =
        redactor.redact(
            get(
                "https://a.local/p?x=1&api_key=SECRET&y=a%20b&token=T2&flag#frag",
                "Referer", "https://a.local/prev?token=T3"));
    assertThat(r.url())
        .isEqualTo(
            "https://a.local/p?x=1&api_key=%5BREDACTED%5D&y=a%20b&token=%5BREDACTED%5D&flag#frag");
    assertThat(r.headers().first("Referer")).contains("https://a.local/prev?token=%5BREDACTED%5D");
    // the redacted URL stays a valid URI for replay
    assertThat(java.net.URI.create(r.url()).getQuery()).contains("api_key=[REDACTED]");
  }

  @Test
  void formBodiesHaveTheirParametersRedacted() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withQueryParameters("password"));
    HttpRequestData r =
        redactor.redact(
            new HttpRequestData(
                "POST",
                "/login",
                Headers.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
                Body.of("user=ada&password=hunter2&remember=1")));
    assertThat(r.body().utf8()).isEqualTo("user=ada&password=%5BREDACTED%5D&remember=1");
  }

  @Test
  void jsonPathsWithWildcardsAreRedactedInRequestAndResponseBodies() {
    Redactor redactor =
        new Redactor(
            RedactionRules.defaults().withJsonPaths("/password", "/cards/*/number", "/a~1b"));
    HttpRequestData r =
        redactor.redact(
            new HttpRequestData(
                "POST",
                "/pay",
                Headers.of("Content-Type", "application/json"),
                Body.of(
                    "{\"user\":\"ada\",\"password\":\"p\",\"cards\":[{\"number\":\"4111\",\"exp\":\"12/29\"},"
                        + "{\"number\":\"5500\"}],\"a/b\":1,\"total\":10.50}")));
    assertThat(r.body().utf8())
        .isEqualTo(
            "{\"user\":\"ada\",\"password\":\"[REDACTED]\",\"cards\":[{\"number\":\"[REDACTED]\","
                + "\"exp\":\"12/29\"},{\"number\":\"[REDACTED]\"}],\"a/b\":\"[REDACTED]\",\"total\":10.50}");

    HttpResponseData response =
        redactor.redact(new HttpResponseData(200, Headers.EMPTY, Body.of("[{\"password\":1}]")));
    assertThat(response.body().utf8()).isEqualTo("[{\"password\":1}]"); // /password is the root's
  }

  @Test
  void bodiesThatAreNotJsonOrHaveNothingToRedactAreLeftExactlyAsTheyWere() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withJsonPaths("/password"));
    Body notJson = Body.of("password=hunter2 {not json");
    Body untouched = Body.of("{ \"user\" : \"ada\",\n  \"n\": 1.0 }");
    Body notCaptured = new Body(new byte[0], 5120, true);
    for (Body body : new Body[] {notJson, untouched, notCaptured}) {
      HttpResponseData response = new HttpResponseData(200, Headers.EMPTY, body);
      assertThat(redactor.redact(response)).isSameAs(response);
    }
    HttpResponseData html =
        new HttpResponseData(200, Headers.of("Content-Type", "text/html"), notJson);
    assertThat(redactor.redact(html)).isSameAs(html);
  }

  @Test
  void aJsonBodyCutShortIsReplacedWholeByTheMarkerKeepingItsTruncationAndSize() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withJsonPaths("/password"));
    Body cut = new Body("{\"password\":\"hunter2\",\"items\":[1,2,".getBytes(UTF_8), 5000, true);
    for (Headers headers :
        new Headers[] {Headers.EMPTY, Headers.of("Content-Type", "text/plain")}) {
      Body redacted = redactor.redact(new HttpResponseData(200, headers, cut)).body();
      assertThat(redacted).isEqualTo(new Body("[REDACTED]".getBytes(UTF_8), 5000, true));
    }
    HttpRequestData request =
        redactor.redact(new HttpRequestData("POST", "/login", Headers.EMPTY, cut));
    assertThat(request.body().utf8()).isEqualTo("[REDACTED]");
    assertThat(request.body().truncated()).isTrue();
  }

  @Test
  void aBodyThatLooksLikeJsonButDoesNotParseIsReplacedWholeByTheMarker() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withJsonPaths("/password").withMarker("***"));
    Body broken = Body.of("  [{\"password\":\"hunter2\"},");
    Body notJsonButSaysSo = Body.of("password: hunter2");
    assertThat(redactor.redact(new HttpResponseData(500, Headers.EMPTY, broken)).body())
        .isEqualTo(Body.of("***"));
    for (String type :
        new String[] {"application/json", "application/problem+json; charset=utf-8", "text/JSON"}) {
      HttpResponseData response =
          new HttpResponseData(200, Headers.of("Content-Type", type), notJsonButSaysSo);
      assertThat(redactor.redact(response).body()).as(type).isEqualTo(Body.of("***"));
    }
  }

  @Test
  void withoutBodyPathsNoBodyIsWithheld() {
    Body cut = new Body("{\"password\":\"hun".getBytes(UTF_8), 100, true);
    HttpResponseData response =
        new HttpResponseData(200, Headers.of("Content-Type", "application/json"), cut);
    assertThat(defaults.redact(response)).isSameAs(response);
  }

  @Test
  void aSecretInAJsonBodyLargerThanAnyDisplayCapIsRedacted() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withJsonPaths("/session/token"));
    String json =
        "{\"session\":{\"token\":\"TOKENplanted4242\"},\"filler\":\""
            + "x".repeat(400 * 1024)
            + "\"}";
    Body redacted = redactor.redact(new HttpResponseData(200, Headers.EMPTY, Body.of(json))).body();
    assertThat(redacted.utf8())
        .doesNotContain("TOKENplanted4242")
        .startsWith("{\"session\":{\"token\":\"[REDACTED]\"}");
    assertThat(redacted.truncated()).isFalse();
  }

  @Test
  void anExchangeWithNothingSecretIsReturnedUnchangedAndAMissingResponseStaysMissing() {
    Exchange e =
        new Exchange("1", get("/orders/1", "Accept", "application/json"), null, null, -1, "demo");
    assertThat(defaults.redact(e)).isSameAs(e);
    assertThat(defaults.redact((HttpResponseData) null)).isNull();
  }

  @Test
  void aCustomMarkerIsUsedEverywhere() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withQueryParameters("k").withMarker("***"));
    HttpRequestData r = redactor.redact(get("/p?k=v", "Authorization", "Bearer t"));
    assertThat(r.url()).isEqualTo("/p?k=***");
    assertThat(r.headers().first("Authorization")).contains("Bearer ***");
  }

  @Test
  void aJsonPathThatIsNotAPointerIsRejectedWithAnExample() {
    assertThatThrownBy(() -> RedactionRules.defaults().withJsonPaths("password"))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("'password' is not a JSON Pointer")
        .hasMessageContaining("/cards/*/number");
  }
}
