package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Headers;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The collector on an in-memory channel: framing, caps and buffer release without a network. */
class ResponseCollectorTest {
  private static final UpstreamTarget TARGET = new UpstreamTarget("http", "127.0.0.1", 9);

  private final EmbeddedChannel channel =
      new EmbeddedChannel(new HttpClientCodec(), new ResponseCollector(10));
  private final ResponseCollector collector = channel.pipeline().get(ResponseCollector.class);
  private final ConnectionPool pool = new ConnectionPool(TARGET, new Bootstrap(), 1);

  private CompletableFuture<UpstreamResponse> begin(String method) {
    PendingRequest pending =
        new PendingRequest(
            new UpstreamRequest(method, "/", Headers.of("Host", "x"), null), TARGET, null);
    Attempt attempt = new Attempt(pending, new PooledConnection(channel, collector), pool);
    collector.begin(attempt);
    attempt.markWriteStart();
    // the codec must see the request to know a HEAD response has no body
    channel.writeOutbound(NettyMessages.toNetty(pending.request()));
    channel.outboundMessages().forEach(m -> ((ByteBuf) m).release());
    channel.outboundMessages().clear();
    return pending.result();
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  @Test
  void keepsTheBodyUpToTheCapCountsTheRestAndReleasesEveryBuffer() throws Exception {
    CompletableFuture<UpstreamResponse> result = begin("GET");
    ByteBuf head = bytes("HTTP/1.1 200 OK\r\nContent-Length: 26\r\nX-A: 1\r\n\r\n");
    ByteBuf part1 = bytes("abcdefghijklm");
    ByteBuf part2 = bytes("nopqrstuvwxyz");

    channel.writeInbound(head);
    channel.writeInbound(part1);
    channel.writeInbound(part2);

    UpstreamResponse response = result.getNow(null);
    assertThat(response).isNotNull();
    assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).isEqualTo("abcdefghij");
    assertThat(response.bodySize()).isEqualTo(26);
    assertThat(response.truncated()).isTrue();
    assertThat(response.headers().first("X-A")).contains("1");
    assertThat(head.refCnt()).isZero();
    assertThat(part1.refCnt()).isZero();
    assertThat(part2.refCnt()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void skipsAnInterimContinueResponse() {
    CompletableFuture<UpstreamResponse> result = begin("POST");
    channel.writeInbound(bytes("HTTP/1.1 100 Continue\r\n\r\n"));
    assertThat(result).isNotDone();
    channel.writeInbound(bytes("HTTP/1.1 204 No Content\r\n\r\n"));
    assertThat(result.getNow(null).status()).isEqualTo(204);
  }

  @Test
  void aHeadResponseEndsAfterItsHeadersWhateverContentLengthSays() {
    CompletableFuture<UpstreamResponse> result = begin("HEAD");
    channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n"));
    assertThat(result.getNow(null).body()).isEmpty();
  }

  @Test
  void theConnectionClosingMidBodyFailsTheRequestAsAReset() {
    CompletableFuture<UpstreamResponse> result = begin("GET");
    channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nabc"));
    channel.close();
    assertThat(result).isCompletedExceptionally();
    UpstreamFailure failure = (UpstreamFailure) result.handle((r, e) -> e).join();
    assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CONNECTION_RESET);
  }

  @Test
  void unaskedForBytesCloseTheConnection() {
    channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void malformedStatusLineIsAProtocolError() {
    CompletableFuture<UpstreamResponse> result = begin("GET");
    channel.writeInbound(bytes("HTTP/1.1 abc\r\n\r\n"));
    UpstreamFailure failure = (UpstreamFailure) result.handle((r, e) -> e).join();
    assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL_ERROR);
    assertThat(failure.getMessage()).contains("malformed");
  }
}
