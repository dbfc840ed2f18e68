package dev.spotter.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.proxy.NettyTestServer;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.TargetStats;
import dev.spotter.testsupport.RawHttp;
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
    ScheduledAnswer slow = new ScheduledAnswer(Duration.ofSeconds(2));
    try (ShadowStack s =
        new ShadowStack(
            (ctx, req) -> NettyTestServer.ok("fast"),
            (ctx, req) -> NettyTestServer.ok("fast"),
            slow,
            settings -> settings.withMaxInFlight(queue).withMirrorTimeout(Duration.ofSeconds(5)))) {
      slow.server = s.candidate;
      long slowest = 0;
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < 300; i++) {
          long start = System.nanoTime();
          RawHttp.Response r = c.exchange("GET /s/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
          slowest = Math.max(slowest, System.nanoTime() - start);
          assertThat(r.text()).isEqualTo("fast");
          Thread.sleep(2);
        }
      }
      assertThat(s.mirror.mostInFlight()).isLessThanOrEqualTo(queue);
      assertThat(s.mirror.dropped()).isPositive();
      // Were the client made to wait for the candidate, one answer would take 2 s; a generous bound
      // far below that proves it never did, on any machine.
      assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(1000));
      CheckResult result = s.finish();
      assertThat(result.skipped())
          .anySatisfy(k -> assertThat(k.reason()).isEqualTo("mirror_queue_full"));
      assertThat(result.skipped().stream().mapToLong(k -> k.count()).sum())
          .isEqualTo(s.mirror.dropped());
    }
  }
}
