package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.testsupport.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy against a real backend on a free port, driven by a client that hides nothing. */
class ProxyServerTest {
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final List<ObservedExchange> observed = new CopyOnWriteArrayList<>();
  private final List<FullHttpRequest> received = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    received.forEach(FullHttpRequest::release);
  }

  private NettyTestServer backend(NettyTestServer.Handler handler) {
    NettyTestServer s =
        NettyTestServer.start(
            (ctx, request) -> {
              received.add(request.retainedDuplicate());
              return handler.handle(ctx, request);
            });
    open.add(s);
    return s;
  }

  private ProxyServer proxy(NettyTestServer backend, ProxySettings... custom) {
    ProxySettings settings =
        custom.length > 0
            ? custom[0]
            : ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0),
                ForwardTarget.parse(backend.baseUri().toString()));
    ExchangeObserver all =
        new ExchangeObserver() {
          @Override
          public boolean observe(String method, String uri) {
            if (uri.startsWith("/observer-breaks")) {
              throw new AssertionError("an Error, which the proxy does not catch as an observer's");
            }
            return !uri.startsWith("/unobserved");
          }

          @Override
          public void completed(ObservedExchange exchange) {
            observed.add(exchange);
          }
        };
    ProxyServer p = ProxyServer.start(settings, all, new ProxyMetrics(registry));
    open.add(0, p);
    return p;
  }

  private double openConnections() {
    return registry.get("spotter.proxy.connections").gauge().value();
  }

  private RawHttp client(ProxyServer p) {
    RawHttp c = RawHttp.connect(p.address());
    open.add(c);
    return c;
  }

  private static FullHttpResponse json(int status, String body, String... headers) {
    FullHttpResponse r = NettyTestServer.response(status, body.getBytes(StandardCharsets.UTF_8));
    r.headers().set("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    return r;
  }

  @Test
  void passesStatusEndToEndHeadersAndBodyUnchanged() throws Exception {
    NettyTestServer b =
        backend(
            (ctx, req) ->
                json(
                    201,
                    "{\"id\":7}",
                    "X-Request-Id",
                    "abc",
                    "Set-Cookie",
                    "a=1",
                    "Set-Cookie",
                    "b=2",
                    "Keep-Alive",
                    "timeout=5",
                    "Connection",
                    "keep-alive, X-Hop",
                    "X-Hop",
                    "secret"));
    ProxyServer p = proxy(b);

    RawHttp.Response r =
        client(p).exchange("GET /orders/7?x=1 HTTP/1.1\r\nHost: shop.example\r\n\r\n");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 201 Created");
    assertThat(r.text()).isEqualTo("{\"id\":7}");
    assertThat(r.headerLines())
        .containsExactly(
            "content-length: 8",
            "Content-Type: application/json",
            "X-Request-Id: abc",
            "Set-Cookie: a=1",
            "Set-Cookie: b=2");
  }

  @Test
  void forwardsHostAndAddsForwardedHeadersButNoHopByHopFields() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("ok"));
    ProxyServer p = proxy(b);

    client(p)
        .exchange(
            "GET /a HTTP/1.1\r\nHost: shop.example\r\nConnection: keep-alive, X-Private\r\n"
                + "X-Private: hop\r\nProxy-Authorization: Basic eA==\r\nTE: trailers\r\n"
                + "X-Forwarded-For: 10.0.0.9\r\nAccept: */*\r\n\r\n");

    FullHttpRequest got = received.get(0);
    assertThat(got.uri()).isEqualTo("/a");
    assertThat(got.headers().get("Host")).isEqualTo("shop.example");
    assertThat(got.headers().get("X-Forwarded-For")).isEqualTo("10.0.0.9, 127.0.0.1");
    assertThat(got.headers().get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(got.headers().get("X-Forwarded-Host")).isEqualTo("shop.example");
    assertThat(got.headers().get("Accept")).isEqualTo("*/*");
    assertThat(got.headers().contains("X-Private")).isFalse();
    assertThat(got.headers().contains("Proxy-Authorization")).isFalse();
    assertThat(got.headers().contains("TE")).isFalse();
  }

  @Test
  void rewritesHostAndPrefixesTheBasePathWhenAsked() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("ok"));
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri() + "/api/"))
            .withHeaderPolicy(false, false);
    ProxyServer p = proxy(b, s);

    client(p).exchange("GET http://shop.example/orders?q=1 HTTP/1.1\r\nHost: shop.example\r\n\r\n");

    FullHttpRequest got = received.get(0);
    assertThat(got.uri()).isEqualTo("/api/orders?q=1");
    assertThat(got.headers().get("Host")).isEqualTo("127.0.0.1:" + b.port());
    assertThat(got.headers().contains("X-Forwarded-For")).isFalse();
  }

  @Test
  void keepsTheConnectionAndAnswersPipelinedRequestsInOrder() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("you asked " + req.uri()));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);

    StringBuilder three = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      three.append("GET /n/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
    }
    c.send(three.toString());

    for (int i = 1; i <= 3; i++) {
      assertThat(c.read(false).text()).isEqualTo("you asked /n/" + i);
    }
    assertThat(c.exchange("GET /n/4 HTTP/1.1\r\nHost: h\r\n\r\n").text())
        .isEqualTo("you asked /n/4");
    assertThat(b.connections()).as("connections to the primary are reused").isEqualTo(1);
  }

  @Test
  void answersFiveThousandPipelinedRequestsOnOneConnectionInOrder() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("you asked " + req.uri()));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);
    int n = 5000;
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < n; i++) {
      all.append("GET /p/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
    }
    // written from another thread, all at once: the answers must not have to wait for the writes
    Thread writer =
        new Thread(
            () -> {
              try {
                c.send(all.toString());
              } catch (java.io.IOException e) {
                // the reads below fail then
              }
            });
    writer.start();

    for (int i = 0; i < n; i++) {
      assertThat(c.read(false).text()).as("answer %d", i).isEqualTo("you asked /p/" + i);
    }
    writer.join(5000);
    assertThat(c.exchange("GET /last HTTP/1.1\r\nHost: h\r\n\r\n").text())
        .isEqualTo("you asked /last");
    assertThat(p.metrics().count(ProxyMetrics.Outcome.ANSWERED)).isEqualTo(n + 1);
  }

  @Test
  void aClientThatShutsItsSendingSideAfterItsRequestsGetsEveryAnswerThenTheClose()
      throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("you asked " + req.uri()));
    ProxyServer p = proxy(b);
    for (int n : new int[] {1, 3, 300}) {
      RawHttp c = client(p);
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < n; i++) {
        all.append("GET /h/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
      }
      c.send(all.toString());
      c.shutdownOutput();
      for (int i = 0; i < n; i++) {
        assertThat(c.read(false).text()).as("answer %d of %d", i, n).isEqualTo("you asked /h/" + i);
      }
      assertThat(c.closedByPeer()).as("closed after the last of %d answers", n).isTrue();
    }
  }

  @Test
  void streamsAChunkedRequestBodyAndChunksABodyOfUnknownLength() throws Exception {
    NettyTestServer b =
        backend(
            (ctx, req) -> {
              byte[] echo = ("got " + req.content().readableBytes() + " bytes").getBytes();
              DefaultFullHttpResponse r =
                  new DefaultFullHttpResponse(
                      HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(echo));
              r.headers().set("Transfer-Encoding", "chunked");
              return r;
            });
    ProxyServer p = proxy(b);

    RawHttp.Response r =
        client(p)
            .exchange(
                "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

    assertThat(r.text()).isEqualTo("got 11 bytes");
    assertThat(r.chunked()).isTrue();
    assertThat(received.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("hello world");
    await().until(() -> observed.size() == 1); // handed over once the client has its answer
    ObservedExchange seen = observed.get(0);
    assertThat(seen.requestBody().utf8()).isEqualTo("hello world");
    assertThat(seen.responseBody().utf8()).isEqualTo("got 11 bytes");
  }

  @Test
  void passesGzipThroughUntouchedAndGivesTheObserverTheSameBytes() throws Exception {
    byte[] gz = gzip("{\"a\":1}".repeat(100));
    NettyTestServer b =
        backend(
            (ctx, req) -> {
              FullHttpResponse r = NettyTestServer.response(200, gz);
              r.headers().set("Content-Encoding", "gzip");
              return r;
            });
    ProxyServer p = proxy(b);

    RawHttp.Response r =
        client(p).exchange("GET /g HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n");

    assertThat(r.body()).isEqualTo(gz);
    assertThat(r.header("Content-Encoding")).contains("gzip");
    await().until(() -> observed.size() == 1);
    assertThat(observed.get(0).responseBody().bytes()).isEqualTo(gz);
  }

  @Test
  void relaysOneHundredContinueFromThePrimary() throws Exception {
    NettyTestServer b =
        backend(
            (ctx, req) ->
                NettyTestServer.ok("body was " + req.content().toString(StandardCharsets.UTF_8)));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);

    c.send("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    RawHttp.Response interim = c.readOne(false);
    assertThat(interim.status()).isEqualTo(100);
    c.send("data");

    assertThat(c.read(false).text()).isEqualTo("body was data");
  }

  @Test
  void answersHeadWithoutABodyAndTheNextRequestStillWorks() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("twelve bytes"));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);

    RawHttp.Response head = c.exchange("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).contains("12");

    assertThat(c.exchange("GET /h HTTP/1.1\r\nHost: h\r\n\r\n").text()).isEqualTo("twelve bytes");
  }

  @Test
  void servesAnHttp10ClientAndClosesAfterwards() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("old"));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);

    RawHttp.Response r = c.exchange("GET /old HTTP/1.0\r\n\r\n");

    assertThat(r.text()).isEqualTo("old");
    assertThat(c.closedByPeer()).isTrue();
    assertThat(received.get(0).headers().get("Host")).isEqualTo("127.0.0.1:" + b.port());
  }

  @Test
  void refusesGarbageOversizedHeadersAndLongLinesAndKeepsServing() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("fine"));
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri().toString()))
            .withLimits(1024, 4096);
    ProxyServer p = proxy(b, s);

    RawHttp garbage = client(p);
    garbage.send(new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', '\r', '\n'});
    assertThat(garbage.read(false).status()).isEqualTo(400);
    assertThat(garbage.closedByPeer()).isTrue();

    RawHttp big = client(p);
    assertThat(
            big.exchange("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "x".repeat(5000) + "\r\n\r\n")
                .status())
        .isEqualTo(431);

    RawHttp longLine = client(p);
    assertThat(
            longLine.exchange("GET /" + "y".repeat(2000) + " HTTP/1.1\r\nHost: h\r\n\r\n").status())
        .isEqualTo(414);

    assertThat(client(p).exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").text()).isEqualTo("fine");
    assertThat(p.metrics().count(ProxyMetrics.Malformed.BAD_REQUEST)).isEqualTo(1);
    assertThat(p.metrics().count(ProxyMetrics.Malformed.HEADERS_TOO_LARGE)).isEqualTo(1);
    assertThat(p.metrics().count(ProxyMetrics.Malformed.URI_TOO_LONG)).isEqualTo(1);
    assertThat(received).hasSize(1);
  }

  @Test
  void givesBadGatewayWhenThePrimaryIsDownAndKeepsTheConnection() throws Exception {
    String downUrl;
    try (NettyTestServer gone = NettyTestServer.start((ctx, req) -> null)) {
      downUrl = gone.baseUri().toString();
    }
    ProxySettings s =
        ProxySettings.defaults(new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(downUrl));
    ProxyServer p = proxy(null, s);
    RawHttp c = client(p);

    RawHttp.Response r = c.exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.header(ErrorResponses.MARKER)).contains("proxy");
    assertThat(c.exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").status()).isEqualTo(502);
    assertThat(p.metrics().count(ProxyMetrics.Outcome.BAD_GATEWAY)).isEqualTo(2);
  }

  @Test
  void givesGatewayTimeoutWhenThePrimaryStaysSilent() throws Exception {
    NettyTestServer b = backend((ctx, req) -> null); // never answers
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri().toString()))
            .withUpstreamTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1));
    ProxyServer p = proxy(b, s);

    RawHttp.Response r = client(p).exchange("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(r.status()).isEqualTo(504);
    assertThat(p.metrics().count(ProxyMetrics.Outcome.GATEWAY_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void closesASlowlorisClientAfterTheHeaderTimeoutWhileServingOthers() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("served"));
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri().toString()))
            .withClientTimeouts(
                Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(5));
    ProxyServer p = proxy(b, s);
    RawHttp slow = client(p);
    long start = System.nanoTime();
    slow.send("GET / HTTP/1.1\r\n");

    for (int i = 0; i < 3; i++) {
      slow.send("X-Drip-" + i + ": 1\r\n");
      assertThat(client(p).exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").text())
          .isEqualTo("served");
      Thread.sleep(100);
    }

    RawHttp.Response r = slow.read(false);
    assertThat(r.status()).isEqualTo(408);
    assertThat(slow.closedByPeer()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    await().until(() -> openConnections() == 3); // the three served clients are kept alive
    assertThat(p.metrics().count(ProxyMetrics.Malformed.HEADER_TIMEOUT)).isEqualTo(1);
    assertThat(p.metrics().count(ProxyMetrics.Malformed.BAD_REQUEST))
        .as("the head cut short by the proxy's own close is not a second, malformed request")
        .isZero();
  }

  @Test
  void aClientClosingMidHeadOrMidBodyIsNoMalformedRequest() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("never complete"));
    ProxyServer p = proxy(b);
    RawHttp midHead = client(p);
    midHead.send("GET /half HTTP/1.1\r\nHost: h\r\nX-Fo");
    RawHttp midBody = client(p);
    midBody.send("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789");
    await().until(() -> p.metrics().inFlight() == 1);

    midHead.close();
    midBody.close();
    await().until(() -> openConnections() == 0);

    assertThat(p.metrics().count(ProxyMetrics.Malformed.BAD_REQUEST)).isZero();
    assertThat(p.metrics().count(ProxyMetrics.Outcome.CLIENT_CLOSED)).isEqualTo(1);
    assertThat(p.metrics().inFlight()).isZero();
  }

  @Test
  void anAbsoluteFormTargetsAuthorityIsTheHostThePrimarySees() throws Exception {
    NettyTestServer b =
        backend(
            (ctx, req) ->
                NettyTestServer.ok(req.uri() + " for " + req.headers().get(HttpHeaderNames.HOST)));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);

    // RFC 9112 section 3.2.2: the target's authority, not the Host field, names the host
    assertThat(
            c.exchange("GET http://a.example:8080/x?q=1 HTTP/1.1\r\nHost: b.example\r\n\r\n")
                .text())
        .isEqualTo("/x?q=1 for a.example:8080");
    assertThat(c.exchange("GET /y HTTP/1.1\r\nHost: b.example\r\n\r\n").text())
        .isEqualTo("/y for b.example");
  }

  @Test
  void refusesAnHttp11RequestWithoutHostOrWithTwo() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("forwarded"));
    ProxyServer p = proxy(b);

    RawHttp noHost = client(p);
    RawHttp.Response r = noHost.exchange("GET /nohost HTTP/1.1\r\nAccept: */*\r\n\r\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header(ErrorResponses.MARKER)).contains("proxy");
    assertThat(r.text()).contains("Host");
    assertThat(noHost.closedByPeer()).isTrue();

    RawHttp twoHosts = client(p);
    assertThat(
            twoHosts
                .exchange("GET /two HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n")
                .status())
        .isEqualTo(400);

    RawHttp withBody = client(p);
    assertThat(
            withBody.exchange("POST /nohost HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").status())
        .isEqualTo(400);

    assertThat(client(p).exchange("GET /old HTTP/1.0\r\n\r\n").text()).isEqualTo("forwarded");
    assertThat(received).extracting(FullHttpRequest::uri).containsExactly("/old");
    assertThat(p.metrics().count(ProxyMetrics.Malformed.BAD_REQUEST)).isEqualTo(3);
  }

  @Test
  void aFailureOfTheProxyItselfIsAnsweredLoggedAndCountedApartFromClientsLeaving()
      throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("fine"));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);

    RawHttp.Response r = c.exchange("GET /observer-breaks HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.header(ErrorResponses.MARKER)).contains("proxy");
    assertThat(c.closedByPeer()).isTrue();
    await().until(() -> openConnections() == 0);
    assertThat(p.metrics().connectionErrors()).isEqualTo(1);
    assertThat(p.metrics().count(ProxyMetrics.Outcome.PROXY_ERROR)).isEqualTo(1);
    assertThat(p.metrics().count(ProxyMetrics.Outcome.CLIENT_CLOSED)).isZero();
    assertThat(p.metrics().inFlight()).isZero();
    assertThat(client(p).exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n").text()).isEqualTo("fine");
  }

  @Test
  void givesTheObserverCopiesCutAtTheCapWhileTheClientGetsEverything() throws Exception {
    byte[] large = new byte[300_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) ('a' + i % 26);
    }
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.response(200, large));
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri().toString()))
            .withObservedBodyCap(1000);
    ProxyServer p = proxy(b, s);
    RawHttp c = client(p);

    assertThat(c.exchange("GET /big HTTP/1.1\r\nHost: h\r\nX-Mine: 1\r\n\r\n").body())
        .isEqualTo(large);
    assertThat(c.exchange("GET /unobserved HTTP/1.1\r\nHost: h\r\n\r\n").body()).isEqualTo(large);

    await().until(() -> observed.size() == 1);
    ObservedExchange e = observed.get(0);
    assertThat(e.uri()).isEqualTo("/big");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.responseBody().length()).isEqualTo(1000);
    assertThat(e.responseBody().truncated()).isTrue();
    assertThat(e.responseBody().originalSize()).isEqualTo(300_000);
    assertThat(e.requestHeaders().first("X-Mine")).contains("1");
    assertThat(e.forwardedHeaders().first("X-Forwarded-For")).contains("127.0.0.1");
    assertThat(e.forwardedTarget()).isEqualTo("/big");
  }

  @Test
  void drainingLetsTheRequestInFlightFinish() throws Exception {
    NettyTestServer[] holder = new NettyTestServer[1];
    holder[0] =
        backend(
            (ctx, req) -> {
              ctx.executor()
                  .schedule(
                      () -> holder[0].answer(ctx, req, NettyTestServer.ok("late")),
                      300,
                      java.util.concurrent.TimeUnit.MILLISECONDS);
              return null;
            });
    ProxyServer p = proxy(holder[0]);
    RawHttp busy = client(p);
    RawHttp idle = client(p);
    idle.exchange("GET /warm HTTP/1.1\r\nHost: h\r\n\r\n");
    busy.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
    await().until(() -> p.metrics().inFlight() == 1);

    long cutOff = p.drain(Duration.ofSeconds(5));

    assertThat(cutOff).isZero();
    RawHttp.Response r = busy.read(false);
    assertThat(r.text()).isEqualTo("late");
    assertThat(r.header("Connection")).contains("close");
    assertThat(idle.closedByPeer()).isTrue();
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void connectionCannotStripTheLengthToSmuggleASecondRequest() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("answer to " + req.uri()));
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri().toString()))
            .withCapacity(100, 1, 1024 * 1024); // one I/O thread: one pooled primary connection
    ProxyServer p = proxy(b, s);
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";

    RawHttp.Response r =
        client(p)
            .exchange(
                "POST /a HTTP/1.1\r\nHost: h\r\nConnection: content-length\r\n"
                    + "Content-Length: "
                    + smuggled.length()
                    + "\r\n\r\n"
                    + smuggled);

    assertThat(r.text()).isEqualTo("answer to /a");
    assertThat(client(p).exchange("GET /victim HTTP/1.1\r\nHost: h\r\n\r\n").text())
        .isEqualTo("answer to /victim");
    assertThat(received).extracting(FullHttpRequest::uri).containsExactly("/a", "/victim");
    assertThat(received.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo(smuggled);
  }

  @Test
  void joinsRepeatedForwardedForLinesBeforeAddingTheClient() throws Exception {
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.ok("ok"));
    ProxyServer p = proxy(b);

    client(p)
        .exchange(
            "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.1.1.1\r\n"
                + "X-Forwarded-For: 2.2.2.2\r\n\r\n");

    assertThat(received.get(0).headers().getAll("X-Forwarded-For"))
        .containsExactly("1.1.1.1, 2.2.2.2, 127.0.0.1");
  }

  @Test
  void closesAClientThatStopsReadingItsAnswer() throws Exception {
    byte[] huge = new byte[32 * 1024 * 1024];
    NettyTestServer b = backend((ctx, req) -> NettyTestServer.response(200, huge));
    ProxySettings s =
        ProxySettings.defaults(
                new InetSocketAddress("127.0.0.1", 0), ForwardTarget.parse(b.baseUri().toString()))
            .withSendTimeout(Duration.ofMillis(500));
    ProxyServer p = proxy(b, s);
    RawHttp reader = client(p);
    reader.socket().setReceiveBufferSize(4096);

    reader.send("GET /huge HTTP/1.1\r\nHost: h\r\n\r\n"); // and never read

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> p.metrics().count(ProxyMetrics.Malformed.SEND_TIMEOUT) == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> p.metrics().inFlight() == 0);
    assertThat(client(p).exchange("GET /small HTTP/1.1\r\nHost: h\r\n\r\n").status())
        .isEqualTo(200);
  }

  @Test
  void drainingReadsTheRestOfAnUploadInFlight() throws Exception {
    NettyTestServer b =
        backend(
            (ctx, req) ->
                NettyTestServer.ok("got " + req.content().toString(StandardCharsets.UTF_8)));
    ProxyServer p = proxy(b);
    RawHttp c = client(p);
    c.send("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    await().until(() -> p.metrics().inFlight() == 1);

    java.util.concurrent.CompletableFuture<Long> draining =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> p.drain(Duration.ofSeconds(10)));
    Thread.sleep(300);
    c.send("5\r\nworld\r\n0\r\n\r\n");

    assertThat(c.read(false).text()).isEqualTo("got helloworld");
    assertThat(draining.get(15, java.util.concurrent.TimeUnit.SECONDS)).isZero();
  }
}
