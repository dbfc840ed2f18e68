package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.proxy.UpstreamRequest;
import org.junit.jupiter.api.Test;

class RequestPreparerTest {
  private final RequestPreparer safeOnly = new RequestPreparer(false, Headers.EMPTY);
  private final RequestPreparer all = new RequestPreparer(true, Headers.of("X-Test-Token", "t"));

  private static Preparation.Ready ready(Preparation p) {
    assertThat(p).isInstanceOf(Preparation.Ready.class);
    return (Preparation.Ready) p;
  }

  private static Preparation.Skip skip(Preparation p) {
    assertThat(p).isInstanceOf(Preparation.Skip.class);
    return (Preparation.Skip) p;
  }

  @Test
  void buildsTheRequestForATargetWithItsBasePathAndHostFirst() {
    HttpRequestData recorded =
        new HttpRequestData(
            "GET",
            "http://prod/orders/7?x=1#frag",
            Headers.of("Accept", "application/json", "Host", "prod", "x-test-token", "old"),
            Body.EMPTY);
    ReplayTarget target = ReplayTarget.parse("candidate", "https://new.internal:8443/api/");

    UpstreamRequest request = ready(all.prepare(recorded)).requestFor(target);

    assertThat(request.target()).isEqualTo("/api/orders/7?x=1");
    assertThat(request.headers().entries())
        .containsExactly(
            new Header("Host", "new.internal:8443"),
            new Header("Accept", "application/json"),
            new Header("X-Test-Token", "t"));
  }

  @Test
  void aSetHeaderValueIsSentButTheRequestShownCarriesOnlyItsName() {
    HttpRequestData recorded =
        new HttpRequestData(
            "GET",
            "/orders/7",
            Headers.of("Accept", "text/plain", "X-Test-Token", "old"),
            Body.EMPTY);

    Preparation.Ready r = ready(all.prepare(recorded));

    assertThat(
            r.requestFor(ReplayTarget.parse("primary", "http://old"))
                .headers()
                .first("X-Test-Token"))
        .contains("t");
    assertThat(r.shown().headers().entries())
        .containsExactly(
            new Header("Accept", "text/plain"),
            new Header("X-Test-Token", ReplaySettings.SET_HEADER_VALUE));
  }

  @Test
  void recomputesContentLengthFromTheBodyAndDropsEncodingAndExpect() {
    HttpRequestData recorded =
        new HttpRequestData(
            "POST",
            "/orders",
            Headers.of(
                "Content-Length", "9999",
                "Content-Encoding", "gzip",
                "Expect", "100-continue",
                "Transfer-Encoding", "chunked"),
            Body.of("{}"));
    Preparation.Ready r = ready(all.prepare(recorded));
    assertThat(r.headers().entries())
        .containsExactly(new Header("X-Test-Token", "t"), new Header("Content-Length", "2"));
    assertThat(r.body()).containsExactly('{', '}');

    Preparation.Ready emptyPost =
        ready(all.prepare(new HttpRequestData("POST", "/x", Headers.EMPTY, Body.EMPTY)));
    assertThat(emptyPost.headers().first("Content-Length")).contains("0");
    Preparation.Ready get =
        ready(all.prepare(new HttpRequestData("GET", "/x", Headers.EMPTY, Body.EMPTY)));
    assertThat(get.headers().contains("Content-Length")).isFalse();
  }

  @Test
  void percentEncodesWhatARequestLineCannotCarryAndKeepsExistingEscapes() {
    Preparation.Ready r =
        ready(
            safeOnly.prepare(
                new HttpRequestData("GET", "/search?q=caf\u00e9 au lait&x=%20", null, null)));
    assertThat(r.pathAndQuery()).isEqualTo("/search?q=caf%C3%A9%20au%20lait&x=%20");
  }

  @Test
  void skipsWhatMustNotOrCannotBeSent() {
    assertThat(skip(safeOnly.prepare(new HttpRequestData("PATCH", "/x", null, null))))
        .isEqualTo(
            new Preparation.Skip(
                "side_effect_method", "PATCH is not replayed without --allow-side-effects"));
    assertThat(skip(all.prepare(new HttpRequestData("CONNECT", "/x", null, null))).reason())
        .isEqualTo("unsupported_method");
    assertThat(skip(all.prepare(new HttpRequestData("GE T", "/x", null, null))).reason())
        .isEqualTo("invalid_method");
    assertThat(
            skip(all.prepare(
                    new HttpRequestData(
                        "GET", "/x", Headers.of("X-Bad", "a\r\nInjected: 1"), null)))
                .reason())
        .isEqualTo("invalid_header");
    assertThat(
            skip(all.prepare(
                    new HttpRequestData("PUT", "/x", null, new Body(new byte[3], 10, true))))
                .reason())
        .isEqualTo("request_body_truncated");
  }

  @Test
  void withHostRecordedEveryTargetGetsTheRecordedHostAndReportsShowIt() {
    HttpRequestData recorded =
        new HttpRequestData(
            "GET", "/pkg/left-pad", Headers.of("Host", " registry.example.com "), Body.EMPTY);
    RequestPreparer preparer = new RequestPreparer(false, Headers.EMPTY, HostChoice.RECORDED);

    Preparation.Ready r = ready(preparer.prepare(recorded));

    assertThat(r.requestFor(ReplayTarget.parse("primary", "http://127.0.0.1:4001")).headers())
        .isEqualTo(Headers.of("Host", "registry.example.com"));
    assertThat(r.requestFor(ReplayTarget.parse("candidate", "http://127.0.0.1:4002")).headers())
        .isEqualTo(Headers.of("Host", "registry.example.com"));
    assertThat(r.shown().headers().first("Host")).contains("registry.example.com");
  }

  @Test
  void withHostRecordedARequestRecordedWithoutHostGoesToEachTargetAsItsOwn() {
    HttpRequestData http2 =
        new HttpRequestData("GET", "/a", Headers.of(":authority", "api.example.com"), Body.EMPTY);
    HttpRequestData none = new HttpRequestData("GET", "/a", Headers.EMPTY, Body.EMPTY);
    RequestPreparer preparer = new RequestPreparer(false, Headers.EMPTY, HostChoice.RECORDED);
    ReplayTarget target = ReplayTarget.parse("primary", "http://127.0.0.1:4001");

    assertThat(ready(preparer.prepare(http2)).requestFor(target).headers().first("Host"))
        .contains("api.example.com");
    Preparation.Ready r = ready(preparer.prepare(none));
    assertThat(r.requestFor(target).headers().first("Host")).contains("127.0.0.1:4001");
    assertThat(r.shown().headers().contains("Host")).isFalse();
  }

  @Test
  void withAFixedHostEveryTargetGetsIt() {
    HttpRequestData recorded =
        new HttpRequestData("GET", "/a", Headers.of("Host", "prod"), Body.EMPTY);
    RequestPreparer preparer =
        new RequestPreparer(false, Headers.EMPTY, HostChoice.parse("staging.internal:8443"));

    Preparation.Ready r = ready(preparer.prepare(recorded));

    assertThat(r.requestFor(ReplayTarget.parse("primary", "http://127.0.0.1:4001")).headers())
        .isEqualTo(Headers.of("Host", "staging.internal:8443"));
  }
}
