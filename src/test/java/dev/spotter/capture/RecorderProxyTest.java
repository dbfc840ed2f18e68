package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.model.Exchange;
import dev.spotter.proxy.Compression;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.testsupport.Placeholders;
import dev.spotter.testsupport.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotter record} end to end: a real proxy in front of a real server, a real store. */
class RecorderProxyTest {
  private static final int REQUESTS = 200;
  private static final int CONNECTIONS = 4;

  @TempDir Path dir;

  /** What one request should leave in the corpus. */
  record Expected(String method, String url, int status, String body) {
    static Expected of(Exchange e) {
      return new Expected(
          e.request().method(),
          e.request().url(),
          e.response().status(),
          e.response().body().utf8());
    }
  }

  @Test
  void recordsEveryExchangeThatPassesThroughTheProxy() throws Exception {
    List<Expected> expected = new ArrayList<>();
    List<Exchange> stored = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(dir.resolve("spotter.db"));
        NettyTestServer backend = NettyTestServer.start((ctx, req) -> answer(req))) {
      Recorder recorder =
          new Recorder(
              RecordSettings.defaults("proxied", "record:127.0.0.1:0")
                  .withFlushing(Duration.ofMillis(20), 50),
              store,
              new Redactor(RedactionRules.defaults()),
              new SimpleMeterRegistry());
      ProxyServer proxy =
          ProxyServer.start(
              ProxySettings.defaults(
                  new InetSocketAddress("127.0.0.1", 0),
                  ForwardTarget.parse(backend.baseUri().toString())),
              recorder,
              new ProxyMetrics(new SimpleMeterRegistry()));
      try {
        List<RawHttp> clients = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
          clients.add(RawHttp.connect(proxy.address()));
        }
        for (int i = 0; i < REQUESTS; i++) {
          expected.add(send(clients.get(i % CONNECTIONS), i));
        }
        clients.forEach(RawHttp::close);
        // completed() follows the last byte to the client; wait until all have arrived
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.recorded() + recorder.queued() == REQUESTS);
        proxy.drain(Duration.ofSeconds(5));
      } finally {
        proxy.close();
        recorder.close();
      }

      // every fifth request is a POST signed with an Authorization header
      RedactionCounts oneHeaderPerPost =
          new RedactionCounts(java.util.Map.of(RedactionKind.HEADER, (long) REQUESTS / 5));
      assertThat(recorder.summary())
          .isEqualTo(new RecordSummary(REQUESTS, 0, 0, 0, 0, 0, 0, oneHeaderPerPost));
      try (ExchangeCursor cursor = store.read("proxied")) {
        cursor.forEachRemaining(stored::add);
      }
    }

    assertThat(stored).hasSize(REQUESTS);
    assertThat(stored.stream().map(Expected::of).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    Exchange post =
        stored.stream().filter(e -> e.request().method().equals("POST")).findFirst().orElseThrow();
    assertThat(post.request().headers().first("Authorization").map(Placeholders::unkeyed))
        .contains("Bearer [REDACTED]");
    assertThat(post.request().body().utf8()).startsWith("{\"item\":");
    assertThat(stored)
        .allSatisfy(
            e -> {
              assertThat(e.source()).isEqualTo("record:127.0.0.1:0");
              assertThat(e.startedAt()).isNotNull();
              assertThat(e.durationMicros()).isNotNegative();
            });
    assertThat(stored)
        .filteredOn(e -> e.response().headers().contains("Content-Encoding"))
        .hasSize(REQUESTS / 10)
        .allSatisfy(e -> assertThat(e.response().body().utf8()).startsWith("{\"order\":"));
  }

  /** Sends request {@code i}, checks the client got its answer, and says what should be stored. */
  private static Expected send(RawHttp client, int i) throws Exception {
    String host = "shop.example";
    Expected e;
    RawHttp.Response r;
    switch (i % 5) {
      case 0, 1 -> {
        r = client.exchange("GET /orders/" + i + "?v=2 HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        e = new Expected("GET", "http://" + host + "/orders/" + i + "?v=2", 200, order(i));
      }
      case 2 -> {
        String body = "{\"item\":" + i + "}";
        r =
            client.exchange(
                "POST /orders HTTP/1.1\r\nHost: "
                    + host
                    + "\r\nAuthorization: Bearer s3cret-"
                    + i
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body);
        e = new Expected("POST", "http://" + host + "/orders", 201, "created " + body);
      }
      case 3 -> {
        r = client.exchange("DELETE /orders/" + i + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        e = new Expected("DELETE", "http://" + host + "/orders/" + i, 204, "");
      }
      default -> {
        r = client.exchange("GET /missing/" + i + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        e = new Expected("GET", "http://" + host + "/missing/" + i, 404, "no such thing");
      }
    }
    assertThat(r.status()).as("request %d", i).isEqualTo(e.status());
    return e;
  }

  private static String order(int i) {
    return "{\"order\":" + i + ",\"total\":" + (i * 3) + "}";
  }

  /** The backend: orders (every tenth answer gzipped), creation echoes, deletes, misses. */
  private static FullHttpResponse answer(FullHttpRequest req) {
    String uri = req.uri();
    String method = req.method().name();
    if (method.equals("POST")) {
      String body = req.content().toString(StandardCharsets.UTF_8);
      return text(201, "created " + body);
    }
    if (method.equals("DELETE")) {
      return NettyTestServer.response(204, new byte[0]);
    }
    if (uri.startsWith("/missing/")) {
      return text(404, "no such thing");
    }
    int i = Integer.parseInt(uri.substring("/orders/".length(), uri.indexOf('?')));
    byte[] json = order(i).getBytes(StandardCharsets.UTF_8);
    if (i % 10 == 0) {
      FullHttpResponse r = NettyTestServer.response(200, Compression.gzip(json));
      r.headers().set("Content-Encoding", "gzip");
      r.headers().set("Content-Type", "application/json");
      return r;
    }
    FullHttpResponse r = NettyTestServer.response(200, json);
    r.headers().set("Content-Type", "application/json");
    return r;
  }

  private static FullHttpResponse text(int status, String body) {
    FullHttpResponse r = NettyTestServer.response(status, body.getBytes(StandardCharsets.UTF_8));
    r.headers().set("Content-Type", "text/plain");
    return r;
  }
}
