package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A routing policy sends some requests to a second upstream and hears how each one ended. */
class ProxyRoutingTest {
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final List<RoutedOutcome> outcomes = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** Requests with {@code X-Arm: b} go to the alternate; tags are the request's length. */
  private Routing byHeader(ForwardTarget alternate, String... captured) {
    return new Routing() {
      @Override
      public List<ForwardTarget> alternates() {
        return List.of(alternate);
      }

      @Override
      public int route(RequestHead head) {
        head.tag(head.uri().length());
        return "b".equals(head.header("X-Arm")) || "b".equals(head.cookie("arm")) ? 1 : 0;
      }

      @Override
      public List<String> capturedResponseHeaders() {
        return List.of(captured);
      }

      @Override
      public void ended(RoutedOutcome outcome) {
        outcomes.add(outcome);
      }
    };
  }

  private NettyTestServer backend(String name) {
    NettyTestServer s =
        NettyTestServer.start(
            (ctx, request) -> {
              var r = NettyTestServer.ok(name + " " + request.uri());
              r.headers().set("X-Db-Time", name.equals("a") ? "3.5" : "db;dur=7");
              return r;
            });
    open.add(s);
    return s;
  }

  private ProxyServer proxy(ForwardTarget primary, Routing routing, ProxySettings... custom) {
    ProxySettings settings =
        custom.length > 0
            ? custom[0]
            : ProxySettings.defaults(new InetSocketAddress("127.0.0.1", 0), primary);
    ProxyServer p =
        ProxyServer.start(
            settings, ExchangeObserver.NONE, new ProxyMetrics(new SimpleMeterRegistry()), routing);
    open.add(0, p);
    return p;
  }

  private RawHttp client(ProxyServer p) {
    RawHttp c = RawHttp.connect(p.address());
    open.add(c);
    return c;
  }

  @Test
  void requestsGoWhereThePolicySaysAndTheirEndingsAreReportedWithTagAndHeaders() throws Exception {
    NettyTestServer a = backend("a");
    NettyTestServer b = backend("b");
    ProxyServer p =
        proxy(
            ForwardTarget.parse(a.baseUri().toString()),
            byHeader(ForwardTarget.parse(b.baseUri() + "/v2"), "X-Db-Time"));
    RawHttp c = client(p);

    RawHttp.Response first = c.exchange("GET /orders/1 HTTP/1.1\r\nHost: shop\r\n\r\n");
    RawHttp.Response second =
        c.exchange("GET /orders/2 HTTP/1.1\r\nHost: shop\r\nX-Arm: b\r\n\r\n");
    RawHttp.Response third =
        c.exchange("GET /orders/3 HTTP/1.1\r\nHost: shop\r\nCookie: x=1; arm=b\r\n\r\n");

    assertThat(first.text()).isEqualTo("a /orders/1");
    assertThat(second.text()).isEqualTo("b /v2/orders/2"); // the alternate's base path applies
    assertThat(third.text()).isEqualTo("b /v2/orders/3");
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 3);
    assertThat(outcomes)
        .extracting(RoutedOutcome::route, RoutedOutcome::ending, RoutedOutcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, RoutedOutcome.Ending.ANSWERED, 200),
            org.assertj.core.groups.Tuple.tuple(1, RoutedOutcome.Ending.ANSWERED, 200),
            org.assertj.core.groups.Tuple.tuple(1, RoutedOutcome.Ending.ANSWERED, 200));
    assertThat(outcomes.get(0).tag()).isEqualTo("/orders/1".length());
    assertThat(outcomes.get(0).capturedHeaders()).containsExactly("3.5");
    assertThat(outcomes.get(1).capturedHeaders()).containsExactly("db;dur=7");
    assertThat(outcomes.get(1).latencyNanos()).isPositive();
  }

  @Test
  void anAlternateThatRefusesConnectionsCostsTheClientNothing() throws Exception {
    NettyTestServer a = backend("a");
    int closedPort = Ports.free();
    ProxyServer p =
        proxy(
            ForwardTarget.parse(a.baseUri().toString()),
            byHeader(ForwardTarget.parse("http://127.0.0.1:" + closedPort)));
    RawHttp c = client(p);

    for (int i = 0; i < 5; i++) {
      RawHttp.Response r =
          c.exchange("GET /orders/" + i + " HTTP/1.1\r\nHost: shop\r\nX-Arm: b\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("a /orders/" + i);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 10);
    assertThat(outcomes.stream().filter(o -> o.route() == 1))
        .hasSize(5)
        .allMatch(o -> o.ending() == RoutedOutcome.Ending.CONNECT_FAILED);
    assertThat(outcomes.stream().filter(o -> o.route() == 0))
        .hasSize(5)
        .allMatch(o -> o.ending() == RoutedOutcome.Ending.ANSWERED && o.status() == 200);
  }

  @Test
  void anAlternateThatStaysSilentGives504AndIsReportedAsATimeout() throws Exception {
    NettyTestServer a = backend("a");
    NettyTestServer silent = NettyTestServer.start((ctx, request) -> null);
    open.add(silent);
    ForwardTarget primary = ForwardTarget.parse(a.baseUri().toString());
    ProxySettings settings =
        ProxySettings.defaults(new InetSocketAddress("127.0.0.1", 0), primary)
            .withUpstreamTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2));
    ProxyServer p =
        proxy(primary, byHeader(ForwardTarget.parse(silent.baseUri().toString())), settings);
    RawHttp c = client(p);

    RawHttp.Response r = c.exchange("GET /slow HTTP/1.1\r\nHost: shop\r\nX-Arm: b\r\n\r\n");
    RawHttp.Response after = c.exchange("GET /fast HTTP/1.1\r\nHost: shop\r\n\r\n");

    assertThat(r.status()).isEqualTo(504);
    assertThat(after.text()).isEqualTo("a /fast");
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 2);
    assertThat(outcomes.get(0).route()).isEqualTo(1);
    assertThat(outcomes.get(0).ending()).isEqualTo(RoutedOutcome.Ending.TIMEOUT);
    assertThat(outcomes.get(0).status()).isEqualTo(504);
  }

  @Test
  void aPolicyThatThrowsSendsTheRequestToThePrimary() throws Exception {
    NettyTestServer a = backend("a");
    NettyTestServer b = backend("b");
    Routing broken =
        new Routing() {
          @Override
          public List<ForwardTarget> alternates() {
            return List.of(ForwardTarget.parse(b.baseUri().toString()));
          }

          @Override
          public int route(RequestHead head) {
            throw new IllegalStateException("a bug in the policy");
          }

          @Override
          public void ended(RoutedOutcome outcome) {
            throw new IllegalStateException("another bug");
          }
        };
    ProxyServer p = proxy(ForwardTarget.parse(a.baseUri().toString()), broken);

    RawHttp.Response r = client(p).exchange("GET /x HTTP/1.1\r\nHost: shop\r\n\r\n");

    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("a /x");
  }
}
