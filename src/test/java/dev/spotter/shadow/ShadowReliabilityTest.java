package dev.spotter.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.proxy.NettyTestServer;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.TargetStats;
import dev.spotter.testsupport.RawHttp;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The promises a shadow makes to the clients of the service it sits in front of: the same answers
 * as without it, whatever the candidate does.
 */
class ShadowReliabilityTest {
  /** Header fields that belong to one connection, so a proxy may legitimately restate them. */
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "transfer-encoding");

  private static final int CONNECTIONS = 8;

  /** A request of the run: method and path, some with a body. */
  private static String request(int i) {
    String path = "/r/" + i + (i % 7 == 0 ? "?q=" + i : "");
    return switch (i % 10) {
      case 0 -> "HEAD " + path + " HTTP/1.1\r\nHost: shop\r\n\r\n";
      case 1 -> "POST " + path + " HTTP/1.1\r\nHost: shop\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
      case 2 ->
          "PUT "
              + path
              + " HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
      default -> "GET " + path + " HTTP/1.1\r\nHost: shop\r\nAccept-Encoding: gzip\r\n\r\n";
    };
  }

  /** Sends requests 0..n-1 over a few keep-alive connections; returns the answers in order. */
  private static List<RawHttp.Response> sendAll(InetSocketAddress to, int n) throws Exception {
    RawHttp.Response[] answers = new RawHttp.Response[n];
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        int first = c;
        done.add(
            pool.submit(
                () -> {
                  try (RawHttp client = RawHttp.connect(to)) {
                    for (int i = first; i < n; i += CONNECTIONS) {
                      answers[i] = client.exchange(request(i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return List.of(answers);
  }

  private static List<String> endToEndHeaders(RawHttp.Response r) {
    return r.headerLines().stream()
        .filter(l -> !HOP_BY_HOP.contains(l.substring(0, l.indexOf(':')).toLowerCase(Locale.ROOT)))
        .toList();
  }

  @Test
  void tenThousandRequestsGetTheSameAnswersThroughTheShadowAsDirectly() throws Exception {
    int n = 10_000;
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> VariedResponses.answer(req),
            settings -> settings.withAllowSideEffects(true))) {
      List<RawHttp.Response> direct =
          sendAll(new InetSocketAddress("127.0.0.1", s.primary.port()), n);
      List<RawHttp.Response> shadowed = sendAll(s.address(), n);

      for (int i = 0; i < n; i++) {
        RawHttp.Response d = direct.get(i);
        RawHttp.Response p = shadowed.get(i);
        String which = "request " + i + ": " + request(i).lines().findFirst().orElseThrow();
        assertThat(p.statusLine()).as(which).isEqualTo(d.statusLine());
        assertThat(endToEndHeaders(p)).as(which).isEqualTo(endToEndHeaders(d));
        assertThat(p.body()).as(which).isEqualTo(d.body());
        assertThat(p.chunked()).as(which).isEqualTo(d.chunked());
      }
      CheckResult result = s.finish();
      // Everything the mirrors could take in was compared (the rest was dropped, by design, when
      // judging fell behind on this small machine), and the old build agrees with itself.
      assertThat(result.summary().compared()).isPositive();
      assertThat(result.summary().compared() + s.mirror.dropped()).isEqualTo(n);
      assertThat(result.summary().errors()).isZero();
      assertThat(result.summary().regressions()).isZero();
    }
  }

  @Test
  void aCandidateKilledHalfwayCostsClientsNothingAndItsMirrorsCountAsFailed() throws Exception {
    int n = 2000;
    AtomicInteger sent = new AtomicInteger();
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.ok("fine"),
            (ctx, req) -> NettyTestServer.ok("fine"),
            (ctx, req) -> NettyTestServer.ok("fine"),
            UnaryOperator.identity())) {
      int errors = 0;
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < n; i++) {
          if (i == n / 2) {
            s.candidate.close();
          }
          RawHttp.Response r = c.exchange("GET /k/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
          sent.incrementAndGet();
          if (r.status() != 200 || !r.text().equals("fine")) {
            errors++;
          }
        }
      }
      CheckResult result = s.finish();

      assertThat(errors).as("client-visible errors").isZero();
      assertThat(sent.get()).isEqualTo(n);
      // every exchange after the kill was mirrored and failed on the candidate, or was dropped
      // (counted) because judging fell behind on a busy machine: none is lost or called a success
      assertThat(s.mirror.candidateFailures() + s.mirror.dropped())
          .as("candidate failures %d, dropped %d", s.mirror.candidateFailures(), s.mirror.dropped())
          .isGreaterThanOrEqualTo(n / 2 - 5);
      assertThat(s.mirror.candidateFailures()).isGreaterThanOrEqualTo(n / 4);
      TargetStats candidate = result.targets().get(2);
      assertThat(candidate.failures()).isEqualTo(s.mirror.candidateFailures());
      assertThat(
              s.registry
                  .get("spotter.shadow.mirrored")
                  .tag("target", "candidate")
                  .tag("outcome", "failed")
                  .counter()
                  .count())
          .isEqualTo(s.mirror.candidateFailures());
      assertThat(result.summary().regressions()).as("no_response is a regression").isPositive();
    }
  }

  @Test
  void aCandidateTakingTwoSecondsNeitherSlowsClientsNorGrowsTheQueue() throws Exception {
    int queue = 16;
    int n = 300;
    ScheduledAnswer slow = new ScheduledAnswer(Duration.ofSeconds(2));
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.ok("fast"),
            (ctx, req) -> NettyTestServer.ok("fast"),
            slow,
            settings -> settings.withMaxInFlight(queue).withMirrorTimeout(Duration.ofSeconds(5)))) {
      slow.server = s.candidate;
      long[] direct = new long[n];
      long[] shadowed = new long[n];
      try (RawHttp viaShadow = RawHttp.connect(s.address());
          RawHttp straight =
              RawHttp.connect(new InetSocketAddress("127.0.0.1", s.primary.port()))) {
        for (int i = 0; i < 50; i++) { // warm both paths up (JIT, pools) before measuring
          straight.exchange("GET /warm HTTP/1.1\r\nHost: shop\r\n\r\n");
          viaShadow.exchange("GET /warm HTTP/1.1\r\nHost: shop\r\n\r\n");
        }
        // the two paths take turns, so both are measured under the same load of the machine
        for (int i = 0; i < n; i++) {
          String req = "GET /s/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n";
          long start = System.nanoTime();
          assertThat(straight.exchange(req).text()).isEqualTo("fast");
          direct[i] = System.nanoTime() - start;
          start = System.nanoTime();
          assertThat(viaShadow.exchange(req).text()).isEqualTo("fast");
          shadowed[i] = System.nanoTime() - start;
          Thread.sleep(2);
        }
      }
      assertThat(s.mirror.mostInFlight()).isLessThanOrEqualTo(queue);
      assertThat(s.mirror.dropped()).isPositive();
      // Were a client made to wait for the candidate, its answer would take 2 s. The shadow may
      // add its own hop, but no more than a margin that a noisy two-core machine stays within.
      Duration margin = Duration.ofMillis(25);
      String seen =
          String.format(
              "direct median %.2f ms p99 %.2f ms, through the shadow median %.2f ms p99 %.2f ms",
              millis(percentile(direct, 0.5)),
              millis(percentile(direct, 0.99)),
              millis(percentile(shadowed, 0.5)),
              millis(percentile(shadowed, 0.99)));
      assertThat(Duration.ofNanos(percentile(shadowed, 0.5)))
          .as(seen)
          .isLessThanOrEqualTo(Duration.ofNanos(percentile(direct, 0.5)).plus(margin));
      assertThat(Duration.ofNanos(percentile(shadowed, 0.99)))
          .as(seen)
          .isLessThanOrEqualTo(Duration.ofNanos(percentile(direct, 0.99)).plus(margin));
      CheckResult result = s.finish();
      assertThat(result.skipped())
          .anySatisfy(k -> assertThat(k.reason()).isEqualTo("mirror_queue_full"));
      assertThat(result.skipped().stream().mapToLong(k -> k.count()).sum())
          .isEqualTo(s.mirror.dropped());
    }
  }

  private static long percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /**
   * Sends the same requests straight to the primary and through the shadow, over keep-alive
   * connections; every answer through the shadow must be the primary's, and none may fail (a
   * client-visible error ends the run with the exception of its connection).
   */
  private static void assertClientsGetThePrimarysAnswers(ShadowStack s, int n) throws Exception {
    List<RawHttp.Response> direct =
        sendAll(new InetSocketAddress("127.0.0.1", s.primary.port()), n);
    List<RawHttp.Response> shadowed = sendAll(s.address(), n);
    for (int i = 0; i < n; i++) {
      RawHttp.Response d = direct.get(i);
      RawHttp.Response p = shadowed.get(i);
      String which = "request " + i + ": " + request(i).lines().findFirst().orElseThrow();
      assertThat(p.statusLine()).as(which).isEqualTo(d.statusLine());
      assertThat(endToEndHeaders(p)).as(which).isEqualTo(endToEndHeaders(d));
      assertThat(p.body()).as(which).isEqualTo(d.body());
    }
  }

  private static long mirrored(ShadowStack s, String target, String outcome) {
    return (long)
        s.registry
            .get("spotter.shadow.mirrored")
            .tag("target", target)
            .tag("outcome", outcome)
            .counter()
            .count();
  }

  private static long compared(ShadowStack s, String outcome) {
    return (long)
        s.registry.get("spotter.shadow.compared").tag("outcome", outcome).counter().count();
  }

  private static final int ISOLATION_REQUESTS = 400;

  @Test
  void aCandidateResettingEveryConnectionCostsClientsNothing() throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> {
              ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0); // close sends RST
              ctx.close();
              return null;
            },
            settings -> settings.withAllowSideEffects(true))) {
      assertClientsGetThePrimarysAnswers(s, ISOLATION_REQUESTS);
      s.finish();

      assertThat(s.mirror.mirrored()).isPositive();
      assertThat(s.mirror.mirrored() + s.mirror.dropped()).isEqualTo(ISOLATION_REQUESTS);
      assertThat(s.mirror.candidateFailures()).isEqualTo(s.mirror.mirrored());
      assertThat(mirrored(s, "candidate", "failed")).isEqualTo(s.mirror.candidateFailures());
      assertThat(mirrored(s, "candidate", "answered")).isZero();
      assertThat(mirrored(s, "secondary", "answered")).isEqualTo(s.mirror.mirrored());
    }
  }

  @Test
  void aCandidateAnsweringServerErrorsCostsClientsNothingAndIsCountedAsDiffering()
      throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) ->
                NettyTestServer.response(
                    503, "down".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            settings -> settings.withAllowSideEffects(true))) {
      assertClientsGetThePrimarysAnswers(s, ISOLATION_REQUESTS);
      CheckResult result = s.finish();

      assertThat(s.mirror.mirrored()).isPositive();
      // a 5xx is an answer, not a failure to get one: it is compared, and differs
      assertThat(mirrored(s, "candidate", "answered")).isEqualTo(s.mirror.mirrored());
      assertThat(mirrored(s, "candidate", "failed")).isZero();
      assertThat(compared(s, "candidate_differs")).isGreaterThan(s.mirror.mirrored() / 2);
      assertThat(result.summary().regressions()).isPositive();
    }
  }

  @Test
  void aDeadSecondaryCostsClientsNothingAndItsMirrorsCountAsFailed() throws Exception {
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> VariedResponses.answer(req),
            (ctx, req) -> VariedResponses.answer(req),
            settings -> settings.withAllowSideEffects(true))) {
      s.secondary.close();

      assertClientsGetThePrimarysAnswers(s, ISOLATION_REQUESTS);
      CheckResult result = s.finish();

      assertThat(s.mirror.mirrored()).isPositive();
      assertThat(s.mirror.secondaryFailures()).isEqualTo(s.mirror.mirrored());
      assertThat(mirrored(s, "secondary", "failed")).isEqualTo(s.mirror.secondaryFailures());
      assertThat(mirrored(s, "candidate", "answered")).isEqualTo(s.mirror.mirrored());
      // the candidate is still compared with the primary; the secondary's silence is its only
      // difference, and a secondary that never answered leaves the shadow without a verdict
      assertThat(compared(s, "noise_only")).isEqualTo(s.mirror.mirrored());
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.INCOMPLETE);
    }
  }

  @Test
  void aSecondaryTooSlowForTheMirrorTimeoutCostsClientsNothingAndItsMirrorsCountAsFailed()
      throws Exception {
    ScheduledAnswer slow = new ScheduledAnswer(Duration.ofSeconds(2));
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> VariedResponses.answer(req),
            slow,
            (ctx, req) -> VariedResponses.answer(req),
            settings ->
                settings.withAllowSideEffects(true).withMirrorTimeout(Duration.ofMillis(300)))) {
      slow.server = s.secondary;

      assertClientsGetThePrimarysAnswers(s, ISOLATION_REQUESTS);
      s.finish();

      assertThat(s.mirror.mirrored()).isPositive();
      assertThat(s.mirror.secondaryFailures()).isEqualTo(s.mirror.mirrored());
      assertThat(mirrored(s, "secondary", "failed")).isEqualTo(s.mirror.secondaryFailures());
      assertThat(mirrored(s, "secondary", "answered")).isZero();
    }
  }
}
