package dev.spotter.capture;

import static dev.spotter.capture.RedactorTest.KEY;
import static dev.spotter.capture.RedactorTest.ph;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What the default rules redact without any configuration, kind by kind, and what they keep. */
class DefaultRedactionTest {
  private final Redactor redactor = new Redactor(RedactionRules.defaults(), KEY);

  static final String JWT =
      b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
          + "."
          + b64("{\"sub\":\"ada\",\"iat\":1700000000}")
          + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  static final String GITHUB = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
  static final String NPM = "npm_" + "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa";
  static final String UUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
  }

  private static HttpRequestData get(String url, String... headers) {
    return new HttpRequestData("GET", url, Headers.of(headers), Body.EMPTY);
  }

  private static HttpRequestData post(String url, String contentType, String body) {
    return new HttpRequestData("POST", url, Headers.of("Content-Type", contentType), Body.of(body));
  }

  private static HttpResponseData json(String body) {
    return new HttpResponseData(200, Headers.of("Content-Type", "application/json"), Body.of(body));
  }

  @Test
  void aPasswordInAJsonBodyIsRedactedAtAnyDepthAndInArrays() {
    HttpRequestData r =
        redactor.redact(
            post(
                "/login",
                "application/json",
                "{\"user\":{\"name\":\"ada\",\"password\":\"hunter2\"},"
                    + "\"others\":[{\"Password\":\"pw-two\"},{\"passwd\":12345}]}"));
    assertThat(r.body().utf8())
        .isEqualTo(
            "{\"user\":{\"name\":\"ada\",\"password\":\""
                + ph("hunter2")
                + "\"},\"others\":[{\"Password\":\""
                + ph("pw-two")
                + "\"},{\"passwd\":\""
                + ph("12345")
                + "\"}]}");
    assertThat(redactor.counts().of(RedactionKind.BODY_FIELD)).isEqualTo(3);
  }

  @Test
  void secretNamesMatchWhateverTheirCaseAndSeparatorsAndAsTheEndOfAName() {
    String[] secret = {
      "api_key",
      "Api-Key",
      "apiKey",
      "API_KEY",
      "client_secret",
      "newPassword",
      "refresh_token",
      "access_token",
      "id_token",
      "github_access_token",
      "private_key",
      "token",
      "X-Auth-Token",
      "sessionid",
      "csrf_token"
    };
    for (String name : secret) {
      HttpResponseData r = redactor.redact(json("{\"" + name + "\":\"value-of-it\"}"));
      assertThat(r.body().utf8())
          .as(name)
          .isEqualTo("{\"" + name + "\":\"" + ph("value-of-it") + "\"}");
    }
  }

  @Test
  void pagingTokensAndOrdinaryFieldsAreNotSecrets() {
    String body =
        "{\"next_page_token\":\"CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA\",\"pageToken\":\"abc123def456\","
            + "\"continuation_token\":\"c-2\",\"token_type\":\"Bearer\",\"max_tokens\":100,"
            + "\"username\":\"ada\",\"id\":\""
            + UUID
            + "\",\"digest\":\"sha256:"
            + SHA256
            + "\",\"secret_rotated\":true,\"password_set\":false}";
    HttpResponseData r = json(body);
    assertThat(redactor.redact(r)).isSameAs(r);
    assertThat(redactor.counts().isEmpty()).isTrue();
  }

  @Test
  void everyValueUnderASecretNamedObjectIsRedactedButBooleansStay() {
    HttpResponseData r =
        redactor.redact(
            json("{\"credentials\":{\"user\":\"ada\",\"keys\":[\"k-one\",7],\"admin\":true}}"));
    assertThat(r.body().utf8())
        .isEqualTo(
            "{\"credentials\":{\"user\":\""
                + ph("ada")
                + "\",\"keys\":[\""
                + ph("k-one")
                + "\",\""
                + ph("7")
                + "\"],\"admin\":true}}");
  }

  @Test
  void formAndMultipartFieldsOfSecretNamesAreRedacted() {
    HttpRequestData form =
        redactor.redact(
            post(
                "/login",
                "application/x-www-form-urlencoded",
                "username=ada&password=hunter%202&client_secret=cs-1&next_page_token=p2"));
    assertThat(form.body().utf8())
        .isEqualTo(
            "username=ada&password="
                + Secrets.urlEncoded(ph("hunter 2"))
                + "&client_secret="
                + Secrets.urlEncoded(ph("cs-1"))
                + "&next_page_token=p2");

    String multipart =
        "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nada\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"token\"; filename=\"t.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nfile contents stay\r\n--XyZ--\r\n";
    HttpRequestData parts =
        redactor.redact(post("/upload", "multipart/form-data; boundary=XyZ", multipart));
    assertThat(parts.body().utf8())
        .isEqualTo(multipart.replace("\r\n\r\nhunter2\r\n", "\r\n\r\n" + ph("hunter2") + "\r\n"));
  }

  @Test
  void queryParametersOfSecretNamesAreRedactedButPagingIsNot() {
    HttpRequestData r =
        redactor.redact(
            get(
                "/v1/items?access_token=at-1&api_key=k-2&page_token=p3&next_page_token=p4&limit=5"));
    assertThat(r.url())
        .isEqualTo(
            "/v1/items?access_token="
                + Secrets.urlEncoded(ph("at-1"))
                + "&api_key="
                + Secrets.urlEncoded(ph("k-2"))
                + "&page_token=p3&next_page_token=p4&limit=5");
    assertThat(redactor.counts().of(RedactionKind.QUERY_PARAMETER)).isEqualTo(2);
  }

  @Test
  void aJwtOrAKnownTokenAsAPathSegmentIsRedacted() {
    HttpRequestData r =
        redactor.redact(get("https://api.example/v1/sessions/" + JWT + "/keys/" + GITHUB + "/x"));
    assertThat(r.url())
        .isEqualTo(
            "https://api.example/v1/sessions/"
                + Secrets.urlEncoded(ph(JWT))
                + "/keys/"
                + Secrets.urlEncoded(ph(GITHUB))
                + "/x");
    assertThat(redactor.counts()).isEqualTo(counts(RedactionKind.PATH_SEGMENT, 2));
  }

  @Test
  void uuidsDigestsAndNumericIdsInThePathStaySoOrdinaryReadsReplay() {
    HttpRequestData r =
        get(
            "/v2/library/blobs/sha256:"
                + SHA256
                + "/users/"
                + UUID
                + "/orders/123456789012/"
                + SHA256
                + "?after="
                + UUID
                + "&v=1.2.3");
    assertThat(redactor.redact(r)).isSameAs(r);
    // a dotted name that is no JWT (its first part is not a JSON header with "alg") stays too
    HttpRequestData dotted = get("/files/eyJhbGciOiJub25lIn0x.eyJzdWIiOiJhIn0.sig/archive.tar.gz");
    assertThat(redactor.redact(dotted)).isSameAs(dotted);
  }

  @Test
  void knownTokenFormatsAreRedactedInHeadersBodiesAndQueries() {
    HttpRequestData r =
        redactor.redact(
            new HttpRequestData(
                "POST",
                "/hooks?key=sk_live_" + "abcdefghijklmnop1234",
                Headers.of("X-Deploy", "using " + NPM + " today"),
                Body.of("aws key AKIAIOSFODNN7EXAMPLE in a note")));
    assertThat(r.headers().first("X-Deploy")).contains("using " + ph(NPM) + " today");
    assertThat(r.body().utf8()).isEqualTo("aws key " + ph("AKIAIOSFODNN7EXAMPLE") + " in a note");
    assertThat(r.url()).doesNotContain("sk_live_");
    assertThat(redactor.counts()).isEqualTo(counts(RedactionKind.KNOWN_TOKEN, 3));
  }

  @Test
  void aJwtInAnyHeaderIsRedacted() {
    HttpRequestData r = redactor.redact(get("/", "X-Upstream-Identity", "v1;" + JWT));
    assertThat(r.headers().first("X-Upstream-Identity")).contains("v1;" + ph(JWT));
    assertThat(redactor.counts()).isEqualTo(counts(RedactionKind.JWT, 1));
  }

  @Test
  void aSetHeaderValueTheReplayAlreadyHidStaysNamedAsSuch() {
    HttpRequestData r = redactor.redact(get("/", "X-Api-Key", "[set-header value]"));
    assertThat(r.headers().first("X-Api-Key")).contains("[set-header value]");
    assertThat(redactor.counts()).isEqualTo(RedactionCounts.NONE);
  }

  @Test
  void apiKeyLikeHeadersAreRedactedButChallengesAndIdsStay() {
    HttpRequestData r =
        redactor.redact(
            get(
                "/",
                "X-Api-Key",
                "k1",
                "Api-Key",
                "k2",
                "X-Auth-Token",
                "k3",
                "X-Access-Token",
                "k4",
                "X-Vault-Token",
                "k5",
                "X-Auth",
                "k6",
                "X-Request-Id",
                UUID,
                "X-Next-Page-Token",
                "p7"));
    assertThat(r.headers())
        .isEqualTo(
            Headers.of(
                "X-Api-Key", ph("k1"),
                "Api-Key", ph("k2"),
                "X-Auth-Token", ph("k3"),
                "X-Access-Token", ph("k4"),
                "X-Vault-Token", ph("k5"),
                "X-Auth", ph("k6"),
                "X-Request-Id", UUID,
                "X-Next-Page-Token", "p7"));
    HttpResponseData challenge =
        new HttpResponseData(
            401, Headers.of("WWW-Authenticate", "Bearer realm=\"api\""), Body.EMPTY);
    assertThat(redactor.redact(challenge)).isSameAs(challenge);
  }

  @Test
  void urlUserinfoIsRedactedInTheUrlAndInUrlValuedHeaders() {
    HttpRequestData r =
        redactor.redact(
            get(
                "https://ada:s3cret-pw@git.example/repo.git",
                "Referer",
                "https://bob:pw-of-bob@app.example/cb/" + GITHUB + "?access_token=at-9&tab=2",
                "Link",
                "<https://" + GITHUB + "@mirror.example/x>; rel=alternate"));
    assertThat(r.url())
        .isEqualTo("https://ada:" + Secrets.urlEncoded(ph("s3cret-pw")) + "@git.example/repo.git");
    assertThat(r.headers().first("Referer"))
        .contains(
            "https://bob:"
                + Secrets.urlEncoded(ph("pw-of-bob"))
                + "@app.example/cb/"
                + Secrets.urlEncoded(ph(GITHUB))
                + "?access_token="
                + Secrets.urlEncoded(ph("at-9"))
                + "&tab=2");
    assertThat(r.headers().first("Link")).get().asString().doesNotContain(GITHUB);
    HttpResponseData moved =
        redactor.redact(
            new HttpResponseData(
                302, Headers.of("Location", "ftp://u:ftp-pass@files.example/f"), Body.EMPTY));
    assertThat(moved.headers().first("Location"))
        .contains("ftp://u:" + Secrets.urlEncoded(ph("ftp-pass")) + "@files.example/f");
    assertThat(redactor.counts().of(RedactionKind.URL_CREDENTIAL)).isEqualTo(3);
  }

  @Test
  void aTokenFromALoginAnswerIsRedactedWhenALaterLogoutNamesItInItsPath() {
    String token = "b7e1c2d4-5f60-4a8b-9c0d-e1f2a3b4c5d6"; // a UUID: only learning finds it
    Exchange login =
        new Exchange(
            "1",
            post(
                "/-/user/org.couchdb.user:ada",
                "application/json",
                "{\"name\":\"ada\",\"password\":\"hunter22\"}"),
            json("{\"ok\":true,\"token\":\"" + token + "\"}"),
            null,
            -1,
            "t");
    Exchange logout =
        new Exchange(
            "2",
            new HttpRequestData(
                "DELETE",
                "http://registry.local/-/user/token/" + token,
                Headers.of("Authorization", "Bearer " + token),
                Body.EMPTY),
            json("{\"ok\":true}"),
            null,
            -1,
            "t");
    Exchange storedLogin = redactor.redact(login);
    Exchange storedLogout = redactor.redact(logout);

    assertThat(storedLogin.response().body().utf8())
        .isEqualTo("{\"ok\":true,\"token\":\"" + ph(token) + "\"}");
    assertThat(storedLogout.request().url())
        .isEqualTo("http://registry.local/-/user/token/" + Secrets.urlEncoded(ph(token)));
    // the same placeholder everywhere: the flow still lines up
    assertThat(storedLogout.request().headers().first("Authorization"))
        .contains("Bearer " + ph(token));
    assertThat(redactor.counts())
        .isEqualTo(
            new RedactionCounts(
                Map.of(
                    RedactionKind.BODY_FIELD, 2L,
                    RedactionKind.PATH_SEGMENT, 1L,
                    RedactionKind.HEADER, 1L)));
    // a new session has learned nothing
    Redactor another = new Redactor(RedactionRules.defaults(), KEY);
    HttpRequestData later = get("/-/user/token/" + token);
    assertThat(another.redact(later)).isSameAs(later);
  }

  @Test
  void aLearnedValueIsRedactedInHeadersQueriesAndBodiesToo() {
    redactor.redact(post("/login", "application/json", "{\"password\":\"correct horse\"}"));
    redactor.redact(json("{\"access_token\":\"tok-0123456789\"}"));
    HttpRequestData r =
        redactor.redact(
            new HttpRequestData(
                "POST",
                "/echo?q=tok-0123456789",
                Headers.of("X-Forwarded-Session", "s=tok-0123456789", "Content-Type", "text/plain"),
                Body.of("remember correct horse? and tok-0123456789.")));
    assertThat(r.url()).isEqualTo("/echo?q=" + Secrets.urlEncoded(ph("tok-0123456789")));
    assertThat(r.headers().first("X-Forwarded-Session")).contains("s=" + ph("tok-0123456789"));
    // learned values are found as whole runs of token characters; a password with a space is
    // found where it stands whole (a JSON string, a path segment, a query value)
    assertThat(r.body().utf8()).contains(ph("tok-0123456789")).doesNotContain("tok-0123456789");
    HttpResponseData echoed = redactor.redact(json("{\"said\":\"correct horse\"}"));
    assertThat(echoed.body().utf8()).isEqualTo("{\"said\":\"" + ph("correct horse") + "\"}");
    assertThat(redactor.counts().of(RedactionKind.LEARNED_VALUE)).isEqualTo(4);
  }

  @Test
  void configuredPatternsAreRedactedAndAGroupNarrowsTheMatch() {
    Redactor r =
        new Redactor(RedactionRules.defaults().withPatterns("acct-\\d{6}", "card=(\\d{16})"), KEY);
    HttpRequestData out =
        r.redact(
            new HttpRequestData(
                "POST",
                "/accounts/acct-123456/pay",
                Headers.of("Content-Type", "text/plain"),
                Body.of("card=4111111111111111;ok")));
    assertThat(out.url()).isEqualTo("/accounts/" + Secrets.urlEncoded(ph("acct-123456")) + "/pay");
    assertThat(out.body().utf8()).isEqualTo("card=" + ph("4111111111111111") + ";ok");
    assertThat(r.counts())
        .isEqualTo(
            new RedactionCounts(Map.of(RedactionKind.PATH_SEGMENT, 1L, RedactionKind.PATTERN, 1L)));
  }

  @Test
  void redactingTwiceChangesNothingMore() {
    List<Exchange> exchanges = new ArrayList<>();
    exchanges.add(
        new Exchange(
            "1",
            new HttpRequestData(
                "POST",
                "https://u:p4ss@h.example/t/" + JWT + "?api_key=k&x=1",
                Headers.of(
                    "Authorization", "Bearer " + NPM,
                    "Cookie", "sid=abc; theme=dark",
                    "Content-Type", "application/json"),
                Body.of("{\"password\":\"pw\",\"note\":\"" + GITHUB + "\"}")),
            json("{\"token\":\"issued-token-123\"}"),
            null,
            -1,
            "t"));
    Exchange once = redactor.redact(exchanges.get(0));
    RedactionCounts afterOnce = redactor.counts();
    Redactor fresh = new Redactor(RedactionRules.defaults(), KEY);
    assertThat(redactor.redact(once)).isEqualTo(once);
    assertThat(fresh.redact(once)).isEqualTo(once);
    assertThat(redactor.counts()).isEqualTo(afterOnce);
    assertThat(fresh.counts().isEmpty()).isTrue();
  }

  @Test
  void countsAddUpWhenManyThreadsRedactAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    redactor.redact(get("/x?token=t" + thread + "-" + i, "X-Api-Key", "k" + i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(redactor.counts())
        .isEqualTo(
            new RedactionCounts(
                Map.of(RedactionKind.QUERY_PARAMETER, 1000L, RedactionKind.HEADER, 1000L)));
    assertThat(redactor.counts().describe()).isEqualTo("1000 query parameters, 1000 headers");
  }

  @Test
  void noneRedactsNothingAtAll() {
    Redactor nothing = new Redactor(RedactionRules.none(), KEY);
    HttpRequestData r =
        new HttpRequestData(
            "POST",
            "https://u:p@h/t/" + JWT + "?token=x",
            Headers.of("Authorization", "Bearer x", "Content-Type", "application/json"),
            Body.of("{\"password\":\"x\"}"));
    assertThat(nothing.redact(r)).isSameAs(r);
  }

  private static RedactionCounts counts(RedactionKind kind, long n) {
    return new RedactionCounts(Map.of(kind, n));
  }
}
