package dev.spotter.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.testsupport.RawHttp;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A real shadow on loopback: what it finds, what it leaves alone, and what it never mirrors. */
class ShadowMirrorTest {

  private static FullHttpResponse order(FullHttpRequest req, boolean priceAsText) {
    String id = req.uri().substring(req.uri().lastIndexOf('/') + 1);
    String price = priceAsText ? "\"12.50\"" : "12.5";
    String body =
        "{\"id\":\""
            + id
            + "\",\"price\":"
            + price
            + ",\"requestId\":\""
            + UUID.randomUUID()
            + "\"}";
    FullHttpResponse r = NettyTestServer.response(200, body.getBytes(StandardCharsets.UTF_8));
    r.headers().set("Content-Type", "application/json");
    return r;
  }

  private static List<Finding> findings(CheckResult r, String path) {
    return r.endpoints().stream()
        .flatMap((EndpointReport e) -> e.findings().stream())
        .filter(f -> f.path().equals(path))
        .toList();
  }

  @Test
  void reportsTheCandidatesChangeAndCallsWhatTheOldBuildDisagreesOnNoise() throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> order(req, false),
            (ctx, req) -> order(req, false),
            (ctx, req) -> order(req, true),
            UnaryOperator.identity())) {
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < 200; i++) {
          RawHttp.Response r = c.exchange("GET /orders/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
          assertThat(r.text()).contains("\"price\":12.5");
        }
      }

      CheckResult result = s.finish();

      assertThat(result.summary().compared()).isEqualTo(200);
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
      Finding price = findings(result, "/body/price").get(0);
      assertThat(price.kind()).isEqualTo(DifferenceKind.TYPE_CHANGED);
      assertThat(price.verdict()).isEqualTo(Verdict.REGRESSION);
      assertThat(findings(result, "/body/requestId"))
          .allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.NOISE));
      assertThat(result.examples()).isNotEmpty();
    }
  }

  @Test
  void aChangeOnARequestSeenOnceLiveIsDecidedByAskingTheMirrorsAgainNotProduction()
      throws Exception {
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> seen =
        new java.util.concurrent.ConcurrentHashMap<>();
    NettyTestServer.Handler old = (ctx, req) -> limits(req, "primary", seen, 10);
    try (ShadowStack s =
        new ShadowStack(
            old,
            (ctx, req) -> limits(req, "secondary", seen, 10),
            (ctx, req) -> limits(req, "candidate", seen, 20),
            UnaryOperator.identity())) {
      try (RawHttp c = RawHttp.connect(s.address())) {
        assertThat(c.exchange("GET /limits HTTP/1.1\r\nHost: shop\r\n\r\n").text())
            .contains("\"limit\":10");
      }

      CheckResult result = s.finish();

      Finding limit = findings(result, "/body/limit").get(0);
      assertThat(limit.verdict()).as(limit.reason()).isEqualTo(Verdict.REGRESSION);
      assertThat(limit.asked().requests()).isOne();
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
      assertThat(seen.get("primary").get()).as("production is asked once").isOne();
      assertThat(seen.get("candidate").get()).isEqualTo(1 + (int) result.repeats().exchanges());
      assertThat(seen.get("secondary").get()).isEqualTo(1 + (int) result.repeats().exchanges());
    }
  }

  private static FullHttpResponse limits(
      FullHttpRequest req,
      String who,
      java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> seen,
      int limit) {
    seen.computeIfAbsent(who, k -> new java.util.concurrent.atomic.AtomicInteger())
        .incrementAndGet();
    FullHttpResponse r =
        NettyTestServer.response(
            200, ("{\"limit\":" + limit + "}").getBytes(StandardCharsets.UTF_8));
    r.headers().set("Content-Type", "application/json");
    return r;
  }

  @Test
  void neverMirrorsSideEffectsUnlessAllowed() throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.ok("p"),
            (ctx, req) -> NettyTestServer.ok("p"),
            (ctx, req) -> NettyTestServer.ok("p"),
            UnaryOperator.identity())) {
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < 10; i++) {
          c.exchange("POST /pay HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}");
        }
        c.exchange("GET /cart HTTP/1.1\r\nHost: shop\r\n\r\n");
      }
      CheckResult result = s.finish();

      assertThat(s.primary.requests()).isEqualTo(11);
      assertThat(s.candidate.requests()).isEqualTo(1);
      assertThat(s.secondary.requests()).isEqualTo(1);
      assertThat(result.skipped())
          .extracting(SkipCount::reason, SkipCount::count)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("side_effect_method", 10L));
    }
  }

  @Test
  void mirrorsSideEffectsWithTheirBodyWhenAllowed() throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.ok("p"),
            (ctx, req) -> NettyTestServer.ok("p"),
            (ctx, req) ->
                NettyTestServer.ok(
                    "candidate got " + req.content().toString(StandardCharsets.UTF_8)),
            settings -> settings.withAllowSideEffects(true))) {
      try (RawHttp c = RawHttp.connect(s.address())) {
        c.exchange("POST /pay HTTP/1.1\r\nHost: shop\r\nContent-Length: 9\r\n\r\n{\"eur\":5}");
      }
      CheckResult result = s.finish();

      assertThat(s.candidate.requests()).isEqualTo(1);
      assertThat(result.examples().values())
          .singleElement()
          .satisfies(
              e ->
                  assertThat(((TargetOutcome.Answered) e.candidate()).response().body().utf8())
                      .isEqualTo("candidate got {\"eur\":5}"));
    }
  }

  @Test
  void mirrorsOnlyTheSampledShare() throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.ok("p"),
            (ctx, req) -> NettyTestServer.ok("p"),
            (ctx, req) -> NettyTestServer.ok("p"),
            settings -> settings.withSampleRate(0.25))) {
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < 400; i++) {
          c.exchange("GET /x HTTP/1.1\r\nHost: shop\r\n\r\n");
        }
      }
      CheckResult result = s.finish();

      assertThat(s.primary.requests()).isEqualTo(400);
      // 100 expected; 5 standard deviations either way
      assertThat(s.candidate.requests()).isBetween(60, 140);
      assertThat(result.summary().compared() + result.summary().skipped()).isEqualTo(400);
    }
  }

  @Test
  void dropsRatherThanHoldMoreBodiesThanTheMemoryBoundAllows() throws Exception {
    byte[] big = new byte[100_000];
    java.util.Arrays.fill(big, (byte) 'x');
    ScheduledAnswer slow = new ScheduledAnswer(java.time.Duration.ofSeconds(2));
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.response(200, big),
            (ctx, req) -> NettyTestServer.response(200, big),
            slow,
            settings -> settings.withMaxInFlightBytes(1024 * 1024))) {
      slow.server = s.candidate;
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < 20; i++) {
          assertThat(c.exchange("GET /big/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n").body())
              .isEqualTo(big);
        }
      }
      // each exchange weighs its primary answer three times: 300 kB, so three fit in 1 MiB
      assertThat(s.mirror.mostInFlight()).isLessThanOrEqualTo(3);
      CheckResult result = s.finish();
      assertThat(result.skipped())
          .anySatisfy(k -> assertThat(k.reason()).isEqualTo("mirror_memory_full"));
      assertThat(s.mirror.dropped()).isGreaterThanOrEqualTo(17);
    }
  }
}
