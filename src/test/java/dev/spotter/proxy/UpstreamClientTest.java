package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Headers;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final UpstreamClient client =
      new UpstreamClient(UpstreamClientSettings.defaults().withIoThreads(2));

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static UpstreamRequest get(String target, String... headers) {
    return new UpstreamRequest("GET", target, Headers.of(headers), null);
  }

  private static UpstreamResponse await(CompletableFuture<UpstreamResponse> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static UpstreamFailure failureOf(CompletableFuture<UpstreamResponse> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(UpstreamFailure.class);
      return (UpstreamFailure) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the request neither answered nor failed", e);
    }
    throw new AssertionError("the request answered but was expected to fail");
  }

  @Test
  void writesTheRequestExactlyAsGivenAndAddsNoHeaderOfItsOwn() throws Exception {
    try (RawTestServer server =
        RawTestServer.start(
            (n, head, s) ->
                RawTestServer.send(
                    s, "HTTP/1.1 201 Created\r\nX-Echo: yes\r\nContent-Length: 2\r\n\r\nok"))) {
      byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
      UpstreamRequest request =
          new UpstreamRequest(
              "POST",
              "/orders/7?x=1&y=%20",
              Headers.of("Host", "svc.test", "X-Custom", "One", "content-length", "" + body.length),
              body);

      UpstreamResponse response = await(client.send(server.target(), request, TIMEOUT));

      assertThat(server.heads())
          .containsExactly(
              "POST /orders/7?x=1&y=%20 HTTP/1.1\r\n"
                  + "Host: svc.test\r\n"
                  + "X-Custom: One\r\n"
                  + "content-length: 7\r\n\r\n");
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.headers().first("x-echo")).contains("yes");
      assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
      assertThat(response.truncated()).isFalse();
    }
  }

  @Test
  void reusesOneKeepAliveConnectionForSequentialRequests() throws Exception {
    try (NettyTestServer server = NettyTestServer.start((ctx, req) -> NettyTestServer.ok("hi"))) {
      for (int i = 0; i < 20; i++) {
        assertThat(await(client.send(server.target(), get("/" + i, "Host", "x"), TIMEOUT)).status())
            .isEqualTo(200);
      }
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.requests()).isEqualTo(20);
    }
  }

  @Test
  void neverOpensMoreConnectionsThanThePoolAllowsAndServesEveryRequest() throws Exception {
    try (UpstreamClient small =
            new UpstreamClient(
                UpstreamClientSettings.defaults().withIoThreads(2).withMaxConnectionsPerTarget(3));
        NettyTestServer server =
            NettyTestServer.start(
                (ctx, req) -> {
                  Thread.sleep(20);
                  return NettyTestServer.ok("slow");
                })) {
      List<CompletableFuture<UpstreamResponse>> all = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        all.add(small.send(server.target(), get("/" + i, "Host", "x"), TIMEOUT));
      }
      for (CompletableFuture<UpstreamResponse> f : all) {
        assertThat(await(f).status()).isEqualTo(200);
      }
      assertThat(server.connections()).isLessThanOrEqualTo(3);
      assertThat(server.requests()).isEqualTo(24);
      assertThat(small.openConnections(server.target())).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void aResponseSlowerThanTheTimeoutFailsWithTimeoutAndItsConnectionIsNotReused() throws Exception {
    try (NettyTestServer server =
        NettyTestServer.start(
            (ctx, req) -> {
              if (req.uri().equals("/slow")) {
                Thread.sleep(600);
              }
              return NettyTestServer.ok("done");
            })) {
      UpstreamFailure failure =
          failureOf(
              client.send(server.target(), get("/slow", "Host", "x"), Duration.ofMillis(150)));
      assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TIMEOUT);
      assertThat(failure.getMessage()).contains("150 ms");
      assertThat(failure.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());

      UpstreamResponse next =
          await(client.send(server.target(), get("/fast", "Host", "x"), TIMEOUT));
      assertThat(new String(next.body(), StandardCharsets.UTF_8)).isEqualTo("done");
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aClosedPortFailsWithConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    UpstreamFailure failure =
        failureOf(
            client.send(
                new UpstreamTarget("http", "127.0.0.1", port), get("/", "Host", "x"), TIMEOUT));
    assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CONNECTION_REFUSED);
    assertThat(failure.getMessage()).contains("refused").contains(String.valueOf(port));
  }

  @Test
  void aServerThatResetsTheConnectionFailsWithConnectionReset() throws Exception {
    try (RawTestServer server = RawTestServer.start((n, head, s) -> RawTestServer.reset(s))) {
      UpstreamFailure failure =
          failureOf(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CONNECTION_RESET);
    }
  }

  @Test
  void aServerThatClosesMidResponseFailsWithConnectionReset() throws Exception {
    try (RawTestServer server =
        RawTestServer.start(
            (n, head, s) -> {
              RawTestServer.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
              s.close();
            })) {
      UpstreamFailure failure =
          failureOf(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CONNECTION_RESET);
      assertThat(failure.getMessage()).contains("before the response was complete");
    }
  }

  @Test
  void somethingThatIsNotHttpFailsWithProtocolError() throws Exception {
    try (RawTestServer server =
        RawTestServer.start((n, head, s) -> RawTestServer.send(s, "SSH-2.0-OpenSSH_9.2\r\n\r\n"))) {
      UpstreamFailure failure =
          failureOf(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL_ERROR);
    }
  }

  @Test
  void aBodyOverTheCapIsTruncatedDrainedAndTheConnectionStaysUsable() throws Exception {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'z');
    try (UpstreamClient capped =
            new UpstreamClient(
                UpstreamClientSettings.defaults().withIoThreads(1).withMaxResponseBodyBytes(1000));
        NettyTestServer server =
            NettyTestServer.start((ctx, req) -> NettyTestServer.response(200, big))) {
      UpstreamResponse first = await(capped.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(first.body()).hasSize(1000);
      assertThat(first.bodySize()).isEqualTo(200_000);
      assertThat(first.truncated()).isTrue();

      UpstreamResponse second = await(capped.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(second.truncated()).isTrue();
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void assemblesChunkedBodiesAndKnowsHeadResponsesHaveNone() throws Exception {
    try (RawTestServer server =
        RawTestServer.start(
            (n, head, s) -> {
              if (head.startsWith("HEAD")) {
                RawTestServer.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n");
              } else {
                RawTestServer.send(
                    s,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
              }
            })) {
      UpstreamResponse head =
          await(
              client.send(
                  server.target(),
                  new UpstreamRequest("HEAD", "/", Headers.of("Host", "x"), null),
                  TIMEOUT));
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().first("content-length")).contains("12");

      UpstreamResponse chunked =
          await(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionTheServerAsksToCloseIsNotReused() throws Exception {
    try (NettyTestServer server =
        NettyTestServer.start(
            (ctx, req) -> {
              FullHttpResponse r = NettyTestServer.ok("bye");
              r.headers().set(HttpHeaderNames.CONNECTION, "close");
              return r;
            })) {
      await(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      await(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aReadOnlyRequestMeetingAStaleKeepAliveConnectionIsRetriedOnceOnAFreshOne() throws Exception {
    // Answers the first request of each connection, then drops the connection on the next one
    // without answering, as a server does when its keep-alive timeout races a new request.
    RawTestServer.Script oneRequestPerConnection =
        (n, head, s) -> {
          if (n == 0) {
            RawTestServer.send(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
          } else {
            s.close();
          }
        };
    try (RawTestServer server = RawTestServer.start(oneRequestPerConnection)) {
      await(client.send(server.target(), get("/a", "Host", "x"), TIMEOUT));
      UpstreamResponse again = await(client.send(server.target(), get("/b", "Host", "x"), TIMEOUT));
      assertThat(again.status()).isEqualTo(200);
      assertThat(server.connections()).isEqualTo(2);

      UpstreamRequest post =
          new UpstreamRequest("POST", "/c", Headers.of("Host", "x", "Content-Length", "0"), null);
      UpstreamFailure failure = failureOf(client.send(server.target(), post, TIMEOUT));
      assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CONNECTION_RESET);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void aRequestHttpCannotCarryFailsWithoutBeingSent() throws Exception {
    try (NettyTestServer server = NettyTestServer.start((ctx, req) -> NettyTestServer.ok("x"))) {
      UpstreamFailure failure =
          failureOf(client.send(server.target(), get("/", "Bad Name", "v"), TIMEOUT));
      assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.OTHER);
      assertThat(server.requests()).isZero();
      assertThat(await(client.send(server.target(), get("/", "Host", "x"), TIMEOUT)).status())
          .isEqualTo(200);
    }
  }

  @Test
  void aHostThatDoesNotResolveIsSaidSoInTheFailure() throws Exception {
    UpstreamTarget nowhere = new UpstreamTarget("http", "spotter-test.invalid", 8080);
    UpstreamFailure failure = failureOf(client.send(nowhere, get("/", "Host", "x"), TIMEOUT));
    assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.OTHER);
    assertThat(failure.getMessage())
        .isEqualTo(
            "http://spotter-test.invalid:8080: host does not resolve"
                + " ('spotter-test.invalid' is not a known name)");
  }

  @Test
  void speaksHttpsToATrustedServerAndRefusesAnUntrustedCertificate(@TempDir Path dir)
      throws Exception {
    TestTls tls = TestTls.create(dir);
    try (NettyTestServer server =
            NettyTestServer.startTls(tls.server(), (ctx, req) -> NettyTestServer.ok("secure"));
        UpstreamClient trusting =
            new UpstreamClient(
                UpstreamClientSettings.defaults().withIoThreads(1), tls.trustingClient())) {
      assertThat(server.target().secure()).isTrue();
      UpstreamResponse ok = await(trusting.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("secure");

      UpstreamFailure untrusted =
          failureOf(client.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      assertThat(untrusted.kind()).isEqualTo(UpstreamFailure.Kind.TLS);
    }
  }

  @Test
  void closingStopsTheEventLoopsAndLaterRequestsFail() throws Exception {
    UpstreamClient shortLived =
        new UpstreamClient(UpstreamClientSettings.defaults().withIoThreads(1));
    try (NettyTestServer server = NettyTestServer.start((ctx, req) -> NettyTestServer.ok("x"))) {
      await(shortLived.send(server.target(), get("/", "Host", "x"), TIMEOUT));
      shortLived.close();
      assertThat(failureOf(shortLived.send(server.target(), get("/", "Host", "x"), TIMEOUT)).kind())
          .isEqualTo(UpstreamFailure.Kind.OTHER);
    }
    assertThat(shortLived.terminated()).isTrue();
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    assertThatThrownBy(() -> UpstreamClientSettings.defaults().withMaxConnectionsPerTarget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConnectionsPerTarget");
    assertThatThrownBy(() -> new UpstreamTarget("ftp", "h", 21))
        .hasMessageContaining("http or https");
  }
}
