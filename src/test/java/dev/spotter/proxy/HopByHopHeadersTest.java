package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {
  @Test
  void dropsConnectionScopedFieldsAndThoseConnectionNamesAndKeepsTheRestInOrder() {
    Headers headers =
        Headers.of(
            "Accept", "application/json",
            "Connection", "keep-alive, X-Hop",
            "Keep-Alive", "timeout=5",
            "x-hop", "gone",
            "Proxy-Authorization", "Basic abc",
            "Proxy-Connection", "keep-alive",
            "TE", "trailers",
            "Trailer", "Expires",
            "Transfer-Encoding", "chunked",
            "Upgrade", "h2c",
            "Accept-Encoding", "gzip",
            "X-Keep", "yes");

    Headers stripped = HopByHopHeaders.strip(headers);

    assertThat(stripped.entries())
        .extracting(Header::name)
        .containsExactly("Accept", "Accept-Encoding", "X-Keep");
  }

  @Test
  void leavesHeadersWithoutHopByHopFieldsAsTheyAre() {
    Headers headers = Headers.of("Accept", "*/*", "Content-Type", "text/plain");
    assertThat(HopByHopHeaders.strip(headers)).isSameAs(headers);
  }

  @Test
  void readsEveryConnectionFieldAndIgnoresCase() {
    Headers headers = Headers.of("connection", "Foo", "CONNECTION", " bar ,, baz");
    assertThat(HopByHopHeaders.listedInConnection(headers))
        .containsExactlyInAnyOrder("foo", "bar", "baz");
    assertThat(HopByHopHeaders.isAlwaysHopByHop("Proxy-Anything")).isTrue();
    assertThat(HopByHopHeaders.isAlwaysHopByHop("Content-Length")).isFalse();
  }
}
