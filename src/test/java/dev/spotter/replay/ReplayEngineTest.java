package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.RawTestServer;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.proxy.UpstreamClientSettings;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayEngineTest {
  private static UpstreamClient client;

  @BeforeAll
  static void startClient() {
    client =
        new UpstreamClient(
            UpstreamClientSettings.defaults().withIoThreads(2).withMaxConnectionsPerTarget(300));
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  private static CheckResult run(
      ReplaySettings settings, FakeComparison comparison, List<Exchange> corpus) {
    return new ReplayEngine(
            settings, client, comparison, ReplayProgress.NONE, UnaryOperator.identity(), 1000)
        .run(corpus.iterator(), corpus.size(), "test corpus");
  }

  private static TargetStats stats(CheckResult result, String role) {
    return result.targets().stream().filter(t -> t.role().equals(role)).findFirst().orElseThrow();
  }

  @Test
  void everyTargetReceivesEveryRequestAndEveryExchangeIsCompared() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer s = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      FakeComparison comparison = new FakeComparison();
      CheckResult result =
          run(ReplaySettings.of(p.url(), s.url(), c.url()), comparison, Exchanges.gets(40));

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        expected.add("/items/" + i);
      }
      assertThat(p.uris()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(s.uris()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(c.uris()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(result.summary()).isEqualTo(new Summary(40, 40, 0, 0, 0, CheckVerdict.PASS));
      assertThat(comparison.records).hasSize(40).allMatch(r -> r.candidate().isEmpty());
      for (String role : List.of("primary", "secondary", "candidate")) {
        TargetStats t = stats(result, role);
        assertThat(t.sent()).as(role).isEqualTo(40);
        assertThat(t.answered()).as(role).isEqualTo(40);
        assertThat(t.latency().max()).as(role).isPositive();
        assertThat(t.latency().p50()).as(role).isLessThanOrEqualTo(t.latency().p99());
      }
      assertThat(result.run().source()).isEqualTo("test corpus");
      assertThat(result.run().secondaryIsPrimary()).isFalse();
    }
  }

  @Test
  void aCandidateThatAnswersDifferentlyIsARegressionAndItsExampleIsKept() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer s = RecordingServer.echoingPath();
        RecordingServer c =
            RecordingServer.start(
                (r, ex) ->
                    TestHttpServer.respond(
                        ex,
                        r.uri().endsWith("/3") ? 500 : 200,
                        "text/plain",
                        ("path " + r.uri()).getBytes(StandardCharsets.UTF_8)))) {
      CheckResult result =
          run(
              ReplaySettings.of(p.url(), s.url(), c.url()),
              new FakeComparison(),
              Exchanges.gets(5));

      assertThat(result.summary().regressions()).isEqualTo(1);
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
      assertThat(result.examples()).containsOnlyKeys("e3");
      ExampleExchange example = result.examples().get("e3");
      assertThat(example.candidate()).isInstanceOf(TargetOutcome.Answered.class);
      assertThat(((TargetOutcome.Answered) example.candidate()).response().status()).isEqualTo(500);
      assertThat(example.candidateDifferences())
          .extracting(Difference::kind)
          .containsExactly(DifferenceKind.STATUS_CHANGED);
      assertThat(example.request().url()).isEqualTo("/items/3");
    }
  }

  @Test
  void theRequestIsPreparedForEachTarget() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      Exchange recorded =
          Exchanges.get(
              "x",
              "https://prod.example/orders/7?expand=items",
              ":authority",
              "prod.example",
              "Host",
              "prod.example",
              "Connection",
              "keep-alive, X-Trace-Hop",
              "X-Trace-Hop",
              "1",
              "Keep-Alive",
              "timeout=5",
              "Accept-Encoding",
              "gzip, br",
              "Authorization",
              "[redacted]",
              "Content-Length",
              "999",
              "X-Kept",
              "yes");
      ReplaySettings settings =
          ReplaySettings.of(p.url() + "/", null, c.url() + "/v2/")
              .withOverrideHeaders(Headers.of("Authorization", "Bearer test-token"));
      run(settings, new FakeComparison(), List.of(recorded));

      assertThat(p.uris()).containsExactly("/orders/7?expand=items", "/orders/7?expand=items");
      assertThat(c.uris()).containsExactly("/v2/orders/7?expand=items");
      RecordingServer.Received atCandidate = c.received().get(0);
      assertThat(atCandidate.header("Host")).isEqualTo("127.0.0.1:" + c.port());
      assertThat(atCandidate.header("Accept-Encoding")).isEqualTo("gzip, br");
      assertThat(atCandidate.header("Authorization")).isEqualTo("Bearer test-token");
      assertThat(atCandidate.header("X-Kept")).isEqualTo("yes");
      assertThat(atCandidate.header("X-Trace-Hop")).isNull();
      assertThat(atCandidate.header("Keep-Alive")).isNull();
      assertThat(atCandidate.header("Content-Length")).isNull();
      assertThat(atCandidate.headers().keySet()).noneMatch(k -> k.startsWith(":"));
    }
  }

  @Test
  void withoutASecondaryThePrimaryIsAskedTwiceForEveryExchange() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      CheckResult result =
          run(ReplaySettings.of(p.url(), null, c.url()), new FakeComparison(), Exchanges.gets(10));

      assertThat(p.received()).hasSize(20);
      assertThat(c.received()).hasSize(10);
      assertThat(result.run().secondaryIsPrimary()).isTrue();
      assertThat(result.run().secondary()).isEqualTo(p.url());
      assertThat(stats(result, "secondary").url()).isEqualTo(p.url());
      assertThat(stats(result, "secondary").sent()).isEqualTo(10);
      assertThat(result.summary().compared()).isEqualTo(10);
    }
  }

  @Test
  void neverHasMoreExchangesInFlightThanTheConcurrencyAllows() {
    RecordingServer.Responder slow =
        (r, ex) -> {
          sleep(40);
          TestHttpServer.respond(ex, 200, "text/plain", new byte[] {'k'});
        };
    try (RecordingServer p = RecordingServer.start(slow);
        RecordingServer c = RecordingServer.start(slow)) {
      run(
          ReplaySettings.of(p.url(), null, c.url()).withConcurrency(3),
          new FakeComparison(),
          Exchanges.gets(30));

      assertThat(c.maxInFlight()).isBetween(2, 3);
      assertThat(p.maxInFlight()).isBetween(2, 6); // asked twice per exchange
    }
  }

  @Test
  void theRequestsOfOneExchangeGoOutAtTheSameTime() {
    try (RecordingServer one =
        RecordingServer.start(
            (r, ex) -> {
              sleep(150);
              TestHttpServer.respond(ex, 200, "text/plain", new byte[] {'k'});
            })) {
      run(
          ReplaySettings.of(one.url(), one.url(), one.url()).withConcurrency(1),
          new FakeComparison(),
          Exchanges.gets(2));

      assertThat(one.received()).hasSize(6);
      assertThat(one.maxInFlight()).isEqualTo(3);
    }
  }

  @Test
  void aRateLimitSpacesRequestStartsEvenly() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      long start = System.nanoTime();
      run(
          ReplaySettings.of(p.url(), null, c.url()).withRatePerSecond(40),
          new FakeComparison(),
          Exchanges.gets(13));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // 13 starts 25 ms apart span at least 300 ms; without pacing this takes a few ms
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(290));
      List<Long> arrivals =
          new ArrayList<>(c.received().stream().map(RecordingServer.Received::atNanos).toList());
      Collections.sort(arrivals);
      // The last start may come no sooner than 12 intervals after the run began; a slow first
      // connection can only delay arrivals, so this bound holds however loaded the machine is.
      long lastArrival = arrivals.get(arrivals.size() - 1) - start;
      assertThat(Duration.ofNanos(lastArrival)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }
  }

  @Test
  void aCandidateTimeoutIsAFindingAndTheRunGoesOn() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c =
            RecordingServer.start(
                (r, ex) -> {
                  if (r.uri().endsWith("/1")) {
                    sleep(2500);
                  }
                  TestHttpServer.respond(
                      ex, 200, "text/plain", ("path " + r.uri()).getBytes(StandardCharsets.UTF_8));
                })) {
      FakeComparison comparison = new FakeComparison();
      CheckResult result =
          run(
              ReplaySettings.of(p.url(), null, c.url()).withTimeout(Duration.ofMillis(800)),
              comparison,
              Exchanges.gets(4));

      TargetStats candidate = stats(result, "candidate");
      assertThat(candidate.failuresByKind()).isEqualTo(Map.of(FailureKind.TIMEOUT, 1L));
      assertThat(candidate.answered()).isEqualTo(3);
      assertThat(result.summary().compared()).isEqualTo(4);
      assertThat(result.summary().errors()).isZero();
      List<Difference> timedOut = comparison.recordsFor("/items/1").get(0).candidate();
      assertThat(timedOut).hasSize(1);
      assertThat(timedOut.get(0).kind()).isEqualTo(DifferenceKind.NO_RESPONSE);
      assertThat(timedOut.get(0).path()).isEqualTo("/");
      assertThat(timedOut.get(0).other()).startsWith("timeout");
      assertThat(result.summary().regressions()).isEqualTo(1);
    }
  }

  @Test
  void aPrimaryTimeoutIsAnErrorAndNotCompared() {
    try (RecordingServer p =
            RecordingServer.start(
                (r, ex) -> {
                  if (r.uri().endsWith("/2")) {
                    sleep(2500);
                  }
                  TestHttpServer.respond(ex, 200, "text/plain", new byte[] {'k'});
                });
        RecordingServer s = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      FakeComparison comparison = new FakeComparison();
      CheckResult result =
          run(
              ReplaySettings.of(p.url(), s.url(), c.url()).withTimeout(Duration.ofMillis(800)),
              comparison,
              Exchanges.gets(4));

      assertThat(result.summary().errors()).isEqualTo(1);
      assertThat(result.summary().compared()).isEqualTo(3);
      assertThat(comparison.recordsFor("/items/2")).isEmpty();
      assertThat(stats(result, "primary").failuresByKind()).containsEntry(FailureKind.TIMEOUT, 1L);
    }
  }

  @Test
  void aCandidateOnAClosedPortIsRefusedEveryTimeAndNeverAnswered() throws Exception {
    try (RecordingServer p = RecordingServer.echoingPath()) {
      String closed = "http://127.0.0.1:" + Ports.closed();
      CheckResult result =
          run(ReplaySettings.of(p.url(), null, closed), new FakeComparison(), Exchanges.gets(5));

      TargetStats candidate = stats(result, "candidate");
      assertThat(candidate.failuresByKind()).isEqualTo(Map.of(FailureKind.CONNECTION_REFUSED, 5L));
      assertThat(candidate.neverAnswered()).isTrue();
      assertThat(result.someTargetNeverAnswered()).isTrue();
      assertThat(stats(result, "primary").neverAnswered()).isFalse();
      assertThat(candidate.latency()).isEqualTo(TargetStats.LatencySummary.NONE);
    }
  }

  @Test
  void aTargetThatResetsConnectionsCountsAsConnectionReset() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RawTestServer c = RawTestServer.start((n, head, socket) -> RawTestServer.reset(socket))) {
      CheckResult result =
          run(
              ReplaySettings.of(p.url(), null, c.target().toString()),
              new FakeComparison(),
              Exchanges.gets(3));

      assertThat(stats(result, "candidate").failuresByKind())
          .isEqualTo(Map.of(FailureKind.CONNECTION_RESET, 3L));
    }
  }

  @Test
  void sideEffectingMethodsAreSkippedAndCountedByMethod() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      Body body = Body.of("{\"qty\":1}");
      List<Exchange> corpus =
          List.of(
              Exchanges.get("g", "/a"),
              Exchanges.request("p1", "POST", "/orders", Headers.EMPTY, body),
              Exchanges.request("p2", "post", "/orders", Headers.EMPTY, body),
              Exchanges.request("d", "DELETE", "/orders/1", Headers.EMPTY, Body.EMPTY),
              Exchanges.get("h", "/b"),
              Exchanges.request("o", "OPTIONS", "/c", Headers.EMPTY, Body.EMPTY),
              Exchanges.request("hd", "HEAD", "/d", Headers.EMPTY, Body.EMPTY));
      CheckResult result =
          run(ReplaySettings.of(p.url(), null, c.url()), new FakeComparison(), corpus);

      assertThat(result.skipped())
          .containsExactly(
              new SkipCount(
                  "side_effect_method", "POST is not replayed without --allow-side-effects", 2),
              new SkipCount(
                  "side_effect_method", "DELETE is not replayed without --allow-side-effects", 1));
      assertThat(result.summary().skipped()).isEqualTo(3);
      assertThat(result.summary().requests()).isEqualTo(7);
      assertThat(result.summary().compared()).isEqualTo(4);
      assertThat(c.received())
          .extracting(RecordingServer.Received::method)
          .containsExactlyInAnyOrder("GET", "GET", "OPTIONS", "HEAD");
    }
  }

  @Test
  void sideEffectsAreReplayedWithTheirBodyWhenAllowedButNotWhenTheBodyWasCut() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      byte[] json = "{\"qty\":1}".getBytes(StandardCharsets.UTF_8);
      List<Exchange> corpus =
          List.of(
              Exchanges.request(
                  "p",
                  "POST",
                  "/orders",
                  Headers.of("Content-Type", "application/json"),
                  Body.of(json)),
              Exchanges.request(
                  "cut", "PUT", "/orders/1", Headers.EMPTY, new Body(json, 50_000_000, true)));
      CheckResult result =
          run(
              ReplaySettings.of(p.url(), null, c.url()).withAllowSideEffects(true),
              new FakeComparison(),
              corpus);

      assertThat(c.received()).hasSize(1);
      assertThat(c.received().get(0).body()).isEqualTo(json);
      assertThat(c.received().get(0).header("Content-Length")).isEqualTo("" + json.length);
      assertThat(result.skipped())
          .extracting(SkipCount::reason, SkipCount::count)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("request_body_truncated", 1L));
      assertThat(result.run().allowSideEffects()).isTrue();
    }
  }

  @Test
  void examplesPassThroughTheSanitizerAndTheirBodiesAreCutForDisplay() {
    byte[] big = new byte[300 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    try (RecordingServer p =
            RecordingServer.start((r, ex) -> TestHttpServer.respond(ex, 200, "text/plain", big));
        RecordingServer c =
            RecordingServer.start((r, ex) -> TestHttpServer.respond(ex, 201, "text/plain", big))) {
      UnaryOperator<ExampleExchange> redact =
          e ->
              new ExampleExchange(
                  e.id(),
                  e.endpoint(),
                  e.request()
                      .withHeaders(
                          e.request()
                              .headers()
                              .map(
                                  h ->
                                      h.is("Authorization")
                                          ? new Header(h.name(), "[redacted]")
                                          : h)),
                  e.primary(),
                  e.secondary(),
                  e.candidate(),
                  e.candidateDifferences(),
                  e.noiseDifferences());
      ReplaySettings settings =
          ReplaySettings.of(p.url(), null, c.url())
              .withOverrideHeaders(Headers.of("Authorization", "Bearer test-token"));
      CheckResult result =
          new ReplayEngine(
                  settings, client, new FakeComparison(), ReplayProgress.NONE, redact, 1000)
              .run(List.of(Exchanges.get("only", "/x")).iterator(), 1, "t");

      assertThat(c.received().get(0).header("Authorization")).isEqualTo("Bearer test-token");
      ExampleExchange example = result.examples().get("only");
      assertThat(example.request().headers().first("Authorization")).contains("[redacted]");
      Body shown = ((TargetOutcome.Answered) example.candidate()).response().body();
      assertThat(shown.length()).isEqualTo(ExampleKeeper.DISPLAY_CAP);
      assertThat(shown.truncated()).isTrue();
      assertThat(shown.originalSize()).isEqualTo(big.length);
    }
  }

  @Test
  void keepsNoMoreExamplesThanItsCap() {
    // the candidate differs on every request, so every example is one of a candidate difference
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c =
            RecordingServer.start(
                (r, ex) -> TestHttpServer.respond(ex, 201, "text/plain", new byte[0]))) {
      CheckResult result =
          new ReplayEngine(
                  ReplaySettings.of(p.url(), null, c.url()),
                  client,
                  new FakeComparison(true),
                  ReplayProgress.NONE,
                  UnaryOperator.identity(),
                  7)
              .run(Exchanges.gets(20).iterator(), 20, "t");
      assertThat(result.examples()).hasSize(7);
    }
  }

  @Test
  void examplesOfNoiseAloneTakeNoMoreThanTheirShareOfTheCap() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      CheckResult result =
          new ReplayEngine(
                  ReplaySettings.of(p.url(), null, c.url()),
                  client,
                  new FakeComparison(true),
                  ReplayProgress.NONE,
                  UnaryOperator.identity(),
                  10)
              .run(Exchanges.gets(20).iterator(), 20, "t");
      assertThat(result.examples()).hasSize(10 * ExampleKeeper.NOISE_SHARE_PERCENT / 100);
    }
  }

  @Test
  void comparesOffTheIoThreads() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      FakeComparison comparison = new FakeComparison();
      run(ReplaySettings.of(p.url(), null, c.url()), comparison, Exchanges.gets(10));
      assertThat(comparison.threads)
          .isNotEmpty()
          .allMatch(name -> name.startsWith("spotter-compare-"));
    }
  }

  @Test
  void reportsProgressAFewTimesASecondAtMostAndOnceAtTheEnd() {
    try (RecordingServer p =
            RecordingServer.start(
                (r, ex) -> {
                  sleep(20);
                  TestHttpServer.respond(ex, 200, "text/plain", new byte[] {'k'});
                });
        RecordingServer c = RecordingServer.echoingPath()) {
      List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
      long start = System.nanoTime();
      new ReplayEngine(
              ReplaySettings.of(p.url(), null, c.url()).withConcurrency(2),
              client,
              new FakeComparison(),
              (done, total) -> calls.add(new long[] {done, total, System.nanoTime()}),
              UnaryOperator.identity(),
              10)
          .run(Exchanges.gets(40).iterator(), 40, "t");
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(calls).isNotEmpty();
      assertThat(calls.get(calls.size() - 1))
          .containsExactly(40, 40, calls.get(calls.size() - 1)[2]);
      assertThat((long) calls.size()).isLessThanOrEqualTo(elapsedMillis / 250 + 2);
      for (int i = 1; i < calls.size(); i++) {
        assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
      }
    }
  }

  @Test
  void aCorpusThatFailsWhileBeingReadStopsTheRunWithItsErrorAfterFinishingWhatWasSent() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      Iterator<Exchange> failing =
          new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
              return true;
            }

            @Override
            public Exchange next() {
              if (n == 3) {
                throw new SpotterException("har.malformed", "traffic.har: entry 3 has no request");
              }
              return Exchanges.get("e" + n, "/items/" + n++);
            }
          };
      ReplayEngine engine =
          new ReplayEngine(
              ReplaySettings.of(p.url(), null, c.url()),
              client,
              new FakeComparison(),
              ReplayProgress.NONE,
              UnaryOperator.identity(),
              10);
      assertThatThrownBy(() -> engine.run(failing, -1, "t"))
          .isInstanceOf(SpotterException.class)
          .hasMessageContaining("entry 3");
      assertThat(c.received()).hasSize(3);
    }
  }

  @Test
  void refusesAClientWhosePoolsAreTooSmallForTheConcurrency() {
    try (UpstreamClient small =
        new UpstreamClient(
            UpstreamClientSettings.defaults().withIoThreads(1).withMaxConnectionsPerTarget(4))) {
      ReplaySettings settings = ReplaySettings.of("http://127.0.0.1:1", null, "http://127.0.0.1:2");
      assertThatThrownBy(
              () ->
                  new ReplayEngine(
                      settings, small, new FakeComparison(), ReplayProgress.NONE, null, 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32");
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
