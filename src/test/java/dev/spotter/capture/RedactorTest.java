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
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  static final RedactionKey KEY =
      new RedactionKey("a test key, never a real one".getBytes(UTF_8), "test");
  private final Redactor defaults = new Redactor(RedactionRules.defaults(), KEY);

  /** The placeholder the default marker and the test key give a secret. */
  static String ph(String secret) {
    return new Secrets(RedactionRules.DEFAULT_MARKER, KEY, true, List.of()).placeholder(secret);
  }

  private static String encoded(String secret) {
    return Secrets.urlEncoded(ph(secret));
  }

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
    assertThat(r.headers().first("Authorization")).contains("Bearer " + ph("abc.def.ghi"));
    assertThat(r.headers().first("Proxy-Authorization")).contains("Basic " + ph("dXNlcjpw"));
    assertThat(
            defaults.redact(get("/", "authorization", "rawtoken")).headers().first("authorization"))
        .contains(ph("rawtoken"));
  }

  @Test
  void cookiesKeepTheirNamesAndSetCookieKeepsItsAttributes() {
    HttpRequestData request = defaults.redact(get("/", "Cookie", "a=1; b=two=2;theme=dark"));
    assertThat(request.headers().first("Cookie"))
        .contains("a=" + ph("1") + "; b=" + ph("two=2") + "; theme=" + ph("dark"));

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
            "sid=" + ph("s3cr3t") + "; Path=/; HttpOnly",
            "csrf=" + ph("xyz") + "; Secure; SameSite=Strict");
  }

  @Test
  void configuredHeadersAreReplacedWholeAndOthersKeptInOrder() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withHeaderNames("X-Tenant"), KEY);
    HttpRequestData r =
        redactor.redact(get("/", "Host", "a", "x-tenant", "k1", "Accept", "*/*", "X-TENANT", "k2"));
    assertThat(r.headers())
        .isEqualTo(
            Headers.of("Host", "a", "x-tenant", ph("k1"), "Accept", "*/*", "X-TENANT", ph("k2")));
  }

  @Test
  void queryParametersAreRedactedInTheUrlAndInRefererButTheRestIsKeptByteForByte() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withQueryParameters("api_key", "Token"), KEY);
    HttpRequestData r =
        redactor.redact(
            get(
                "https://a.local/p?x=1&api_key=SECRET&y=a%20b&token=T2&flag#frag",
                "Referer", "https://a.local/prev?token=T3"));
    assertThat(r.url())
        .isEqualTo(
            "https://a.local/p?x=1&api_key="
                + encoded("SECRET")
                + "&y=a%20b&token="
                + encoded("T2")
                + "&flag#frag");
    assertThat(r.headers().first("Referer"))
        .contains("https://a.local/prev?token=" + encoded("T3"));
    // the redacted URL stays a valid URI for replay
    assertThat(java.net.URI.create(r.url()).getQuery()).contains("api_key=" + ph("SECRET"));
  }

  @Test
  void formBodiesHaveTheirParametersRedacted() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withQueryParameters("passcode"), KEY);
    HttpRequestData r =
        redactor.redact(
            new HttpRequestData(
                "POST",
                "/login",
                Headers.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
                Body.of("user=ada&passcode=hunter2&password=hunter3&remember=1")));
    assertThat(r.body().utf8())
        .isEqualTo(
            "user=ada&passcode="
                + encoded("hunter2")
                + "&password="
                + encoded("hunter3")
                + "&remember=1");
  }

  @Test
  void jsonPathsWithWildcardsAreRedactedInRequestAndResponseBodies() {
    Redactor redactor =
        new Redactor(
            RedactionRules.defaults().withJsonPaths("/password", "/cards/*/number", "/a~1b"), KEY);
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
            "{\"user\":\"ada\",\"password\":\""
                + ph("p")
                + "\",\"cards\":[{\"number\":\""
                + ph("4111")
                + "\",\"exp\":\"12/29\"},{\"number\":\""
                + ph("5500")
                + "\"}],\"a/b\":\""
                + ph("1")
                + "\",\"total\":10.50}");

    Redactor pathsOnly =
        new Redactor(RedactionRules.none().withJsonPaths("/password", "/cards/*/number"), KEY);
    HttpResponseData response =
        pathsOnly.redact(new HttpResponseData(200, Headers.EMPTY, Body.of("[{\"password\":1}]")));
    assertThat(response.body().utf8()).isEqualTo("[{\"password\":1}]"); // /password is the root's
  }

  @Test
  void bodiesThatAreNotJsonOrHaveNothingToRedactAreLeftExactlyAsTheyWere() {
    Redactor redactor = new Redactor(RedactionRules.defaults().withJsonPaths("/password"), KEY);
    Body notJson = Body.of("password: hunter2 {not json");
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
  void withoutBodyPathsACutJsonBodyIsRedactedAsTextNotWithheld() {
    Body cut = new Body("{\"user\":\"ada\",\"password\":\"hun".getBytes(UTF_8), 100, true);
    HttpResponseData response =
        new HttpResponseData(200, Headers.of("Content-Type", "application/json"), cut);
    Body redacted = defaults.redact(response).body();
    assertThat(redacted.utf8()).isEqualTo("{\"user\":\"ada\",\"password\":\"" + ph("hun"));
    assertThat(redacted.truncated()).isTrue();
    assertThat(redacted.originalSize()).isEqualTo(100 - cut.length() + redacted.length());

    Body cutWithoutSecrets = new Body("{\"user\":\"ada\",\"items\":[1,".getBytes(UTF_8), 100, true);
    HttpResponseData plain =
        new HttpResponseData(
            200, Headers.of("Content-Type", "application/json"), cutWithoutSecrets);
    assertThat(defaults.redact(plain)).isSameAs(plain);
  }

  @Test
  void aSecretInAJsonBodyLargerThanAnyDisplayCapIsRedacted() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withJsonPaths("/session/token"), KEY);
    String json =
        "{\"session\":{\"token\":\"TOKENplanted4242\"},\"filler\":\""
            + "x".repeat(400 * 1024)
            + "\"}";
    Body redacted = redactor.redact(new HttpResponseData(200, Headers.EMPTY, Body.of(json))).body();
    assertThat(redacted.utf8())
        .doesNotContain("TOKENplanted4242")
        .startsWith("{\"session\":{\"token\":\"" + ph("TOKENplanted4242") + "\"}");
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
  void aCustomMarkerIsUsedEverywhereWithTheKeyedHashAppended() {
    Redactor redactor =
        new Redactor(RedactionRules.defaults().withQueryParameters("k").withMarker("***"), KEY);
    HttpRequestData r = redactor.redact(get("/p?k=v", "Authorization", "Bearer t"));
    String hashOfV = ph("v").substring("[REDACTED:".length(), ph("v").length() - 1);
    String hashOfT = ph("t").substring("[REDACTED:".length(), ph("t").length() - 1);
    assertThat(r.url()).isEqualTo("/p?k=***%3A" + hashOfV);
    assertThat(r.headers().first("Authorization")).contains("Bearer ***:" + hashOfT);
  }

  @Test
  void aJsonPathThatIsNotAPointerIsRejectedWithAnExample() {
    assertThatThrownBy(() -> RedactionRules.defaults().withJsonPaths("password"))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("'password' is not a JSON Pointer")
        .hasMessageContaining("/cards/*/number");
  }
}
