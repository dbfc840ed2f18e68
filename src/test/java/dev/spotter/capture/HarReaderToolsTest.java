package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each fixture is modelled on what one tool really writes; each quirk is read as it means. */
class HarReaderToolsTest {

  @Test
  void chromeHttp2PseudoHeadersAreDroppedAndAbortedRequestsKeptWithoutAResponse() {
    List<Exchange> entries = Fixtures.har("chrome.har");
    assertThat(entries).hasSize(3);
    Exchange api = entries.get(0);
    assertThat(api.id()).isEqualTo("entry-1");
    assertThat(api.source()).isEqualTo("har:chrome.har");
    assertThat(api.request().method()).isEqualTo("GET");
    assertThat(api.request().url())
        .isEqualTo("https://api.example.com/v1/orders/1042?expand=items");
    assertThat(api.request().headers().entries())
        .extracting(h -> h.name())
        .containsExactly("accept", "accept-encoding", "authorization", "x-client", "x-client");
    assertThat(api.request().headers().all("x-client")).containsExactly("web", "orders-page");
    assertThat(api.startedAt()).isEqualTo(Instant.parse("2024-05-02T09:41:12.345Z"));
    assertThat(api.durationMicros()).isEqualTo(84_722);
    // Chrome keeps content-encoding: gzip but stores the decoded text: it is not decoded twice
    assertThat(api.response().body().utf8()).startsWith("{\"id\":1042,\"status\":\"shipped\"");

    Exchange image = entries.get(1);
    assertThat(image.response().body().bytes()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(image.response().body().length()).isEqualTo(67);

    Exchange blocked = entries.get(2);
    assertThat(blocked.response()).isNull();
    assertThat(blocked.request().body().utf8()).isEqualTo("{\"event\":\"x\"}");
    assertThat(blocked.durationMicros()).isEqualTo(-1);
  }

  @Test
  void firefoxOffsetsFormTextAndUncapturedBodiesAreReadAsMeant() {
    List<Exchange> entries = Fixtures.har("firefox.har");
    Exchange login = entries.get(0);
    assertThat(login.startedAt()).isEqualTo(Instant.parse("2024-05-02T09:41:12.345Z"));
    // postData.text wins over params: it is what went on the wire
    assertThat(login.request().body().utf8())
        .isEqualTo("user=ada&password=hunter2+firefox&remember=1");
    assertThat(login.response().status()).isEqualTo(303);
    assertThat(login.response().body()).isEqualTo(Body.EMPTY);
    assertThat(login.durationMicros()).isEqualTo(41_000);

    Exchange notModified = entries.get(1);
    // content.size 5120 and no text: the body was not captured; empty and marked truncated
    assertThat(notModified.response().body().isEmpty()).isTrue();
    assertThat(notModified.response().body().truncated()).isTrue();
    assertThat(notModified.response().body().originalSize()).isEqualTo(5120);
  }

  @Test
  void playwrightFailedRequestsAttachedBodiesAndParamsOnlyFormsAreHandled() {
    List<Exchange> entries = Fixtures.har("playwright.har");
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).request().method()).isEqualTo("PUT");
    assertThat(entries.get(0).response().body().utf8()).isEqualTo("{\"updated\":true,\"id\":1042}");
    assertThat(entries.get(0).durationMicros()).isEqualTo(37_500);

    Exchange search = entries.get(1);
    // text "" with params: the form is rebuilt from the params
    assertThat(search.request().body().utf8()).isEqualTo("q=red+shoes&page=2");
    // content kept in a side file (_file): not here, so empty and truncated with its real size
    assertThat(search.response().body().truncated()).isTrue();
    assertThat(search.response().body().originalSize()).isEqualTo(18342);

    Exchange aborted = entries.get(2);
    assertThat(aborted.response()).isNull(); // Playwright writes status -1
    assertThat(aborted.durationMicros()).isEqualTo(-1);
  }

  @Test
  void charlesRawCompressedBytesAreDecodedOnlyBecauseTheyReallyAreCompressed() throws Exception {
    List<Exchange> entries = Fixtures.har("charles.har");
    Exchange report = entries.get(0);
    assertThat(report.startedAt()).isEqualTo(Instant.parse("2024-05-02T09:41:12.345Z"));
    assertThat(report.response().headers().first("Content-Encoding")).contains("gzip");
    // the gzip bytes Charles kept decode to exactly the JSON the server sent
    assertThat(report.response().body().bytes())
        .isEqualTo(Files.readAllBytes(Fixtures.path("charles-report.json")));

    Exchange legacy = entries.get(1);
    assertThat(legacy.response().body().utf8())
        .isEqualTo("<html><body>deflated page</body></html>");
  }

  @Test
  void mitmproxyMicrosecondOffsetsNullTimingsBinaryBodiesAndErrorsAreRead() {
    List<Exchange> entries = Fixtures.har("mitmproxy.har");
    Exchange cards = entries.get(0);
    assertThat(cards.startedAt()).isEqualTo(Instant.parse("2024-05-02T09:41:12.345678Z"));
    assertThat(cards.durationMicros()).isEqualTo(55_123);
    assertThat(cards.request().headers())
        .isEqualTo(
            Headers.of(
                "host", "api.example.com",
                "content-type", "application/json",
                "cookie", "sid=mitm-cookie-777"));
    byte[] expected = new byte[256];
    for (int i = 0; i < 256; i++) {
      expected[i] = (byte) i;
    }
    assertThat(cards.response().body().bytes()).isEqualTo(expected);

    Exchange refused = entries.get(1);
    assertThat(refused.response()).isNull();
    assertThat(refused.startedAt()).isEqualTo(Instant.parse("2024-05-02T09:41:13.000001Z"));
  }
}
