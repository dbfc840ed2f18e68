package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A check against three real servers asks again what the recorded traffic left undecided, and only
 * that: a change seen on one request is found, a difference that does not come back is noise, a
 * corpus that decides on its own costs nothing more, and writes are never sent twice.
 */
class ReplayEngineAsksAgainTest {

  /** A build of a tiny service that counts what it was asked. */
  static final class Build implements AutoCloseable {
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final TestHttpServer server;

    Build(boolean candidate) {
      AtomicInteger flakyCalls = new AtomicInteger();
      server =
          TestHttpServer.start(
              exchange -> {
                String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
                hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                answer(exchange, candidate, flakyCalls);
              });
    }

    private static void answer(HttpExchange exchange, boolean candidate, AtomicInteger flaky)
        throws IOException {
      String path = exchange.getRequestURI().getPath();
      String body;
      int status = 200;
      if (path.startsWith("/items/")) {
        body = "{\"id\":\"" + path.substring(7) + "\",\"name\":\"thing\"}";
      } else if (path.equals("/rare")) {
        body = candidate ? "{\"limit\":20}" : "{\"limit\":10}";
      } else if (path.equals("/flaky")) {
        // the candidate fails its first call only: a cold cache, a timeout, not the code
        boolean first = flaky.getAndIncrement() == 0;
        status = candidate && first ? 503 : 200;
        body = "{\"ok\":true}";
      } else if (path.equals("/search")) {
        body = candidate ? "{\"hits\":[1,2]}" : "{\"hits\":[1]}";
      } else {
        status = exchange.getRequestMethod().equals("POST") ? 201 : 404;
        body = "{}";
      }
      TestHttpServer.respond(
          exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    int hits(String methodAndPath) {
      AtomicInteger n = hits.get(methodAndPath);
      return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private static List<Exchange> corpus(String... extra) {
    List<Exchange> list = new ArrayList<>(Exchanges.gets(10));
    for (String e : extra) {
      String[] parts = e.split(" ", 2);
      list.add(
          Exchanges.request(
              "x" + list.size(),
              parts[0],
              "http://recorded.example" + parts[1],
              Headers.EMPTY,
              Body.EMPTY));
    }
    return list;
  }

  private static CheckResult check(
      Build primary,
      Build secondary,
      Build candidate,
      List<Exchange> corpus,
      boolean allowSideEffects,
      RepeatSettings repeats) {
    ReplaySettings settings =
        ReplaySettings.of(
                primary.server.baseUri().toString(),
                secondary.server.baseUri().toString(),
                candidate.server.baseUri().toString())
            .withAllowSideEffects(allowSideEffects);
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      return new ReplayEngine(
              settings,
              repeats,
              client,
              new ResponseDiffer(DiffSettings.defaults()),
              new EndpointGrouper(List.of()),
              new FindingCollector(NoiseSettings.defaults()),
              ReplayProgress.NONE,
              UnaryOperator.identity())
          .run(corpus.iterator(), corpus.size(), "test");
    }
  }

  private static Finding finding(CheckResult result, String endpoint, String path) {
    return result.endpoints().stream()
        .filter(e -> e.endpoint().toString().equals(endpoint))
        .flatMap(e -> e.findings().stream())
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + endpoint + " " + path));
  }

  @Test
  void aChangeOnARequestSeenOnceIsFoundByAskingThatRequestAgain() {
    try (Build p = new Build(false);
        Build s = new Build(false);
        Build c = new Build(true)) {
      CheckResult result = check(p, s, c, corpus("GET /rare"), false, RepeatSettings.defaults());

      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
      Finding rare = finding(result, "GET /rare", "/body/limit");
      assertThat(rare.verdict()).as(rare.reason()).isEqualTo(Verdict.REGRESSION);
      assertThat(rare.asked().requests()).isOne();
      Repeats repeats = result.repeats();
      assertThat(repeats.requests()).as("only the undecided request is asked again").isOne();
      assertThat(repeats.exchanges()).isBetween(1L, 16L);
      assertThat(repeats.endedBecause()).isNull();
      for (Build b : List.of(p, s, c)) {
        assertThat(b.hits("GET /rare")).isEqualTo(1 + (int) repeats.exchanges());
        assertThat(b.hits("GET /items/3")).as("decided requests are not asked again").isOne();
      }
    }
  }

  @Test
  void aDifferenceThatDoesNotComeBackIsNoiseAndTheCheckPasses() {
    try (Build p = new Build(false);
        Build s = new Build(false);
        Build c = new Build(true)) {
      CheckResult result = check(p, s, c, corpus("GET /flaky"), false, RepeatSettings.defaults());

      Finding flaky = finding(result, "GET /flaky", "/status");
      assertThat(flaky.verdict()).as(flaky.reason()).isEqualTo(Verdict.NOISE);
      assertThat(flaky.reason()).contains("comes back");
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.PASS);
      assertThat(result.repeats().exchanges()).isPositive();
    }
  }

  @Test
  void aCorpusThatDecidesOnItsOwnCostsNothingMore() {
    try (Build p = new Build(false);
        Build s = new Build(false);
        Build c = new Build(false)) {
      CheckResult result = check(p, s, c, corpus(), false, RepeatSettings.defaults());

      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.PASS);
      assertThat(result.repeats().exchanges()).isZero();
      assertThat(c.hits.values()).allSatisfy(n -> assertThat(n.get()).isOne());
    }
  }

  @Test
  void aCheckThatReplayedAWriteAsksNothingAgainAndSaysSo() {
    try (Build p = new Build(false);
        Build s = new Build(false);
        Build c = new Build(true)) {
      CheckResult result =
          check(p, s, c, corpus("POST /orders", "GET /rare"), true, RepeatSettings.defaults());

      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.UNDECIDED);
      Finding rare = finding(result, "GET /rare", "/body/limit");
      assertThat(rare.verdict()).isEqualTo(Verdict.UNDECIDED);
      assertThat(rare.reason()).contains("writes were replayed");
      assertThat(p.hits("POST /orders")).isOne();
      assertThat(c.hits("GET /rare")).isOne();
      assertThat(result.repeats().exchanges()).isZero();
    }
  }

  @Test
  void aSpentPerRequestBudgetLeavesTheFindingUndecidedWithItsReason() {
    try (Build p = new Build(false);
        Build s = new Build(false);
        Build c = new Build(true)) {
      CheckResult result =
          check(p, s, c, corpus("GET /rare"), false, RepeatSettings.defaults().withPerRequest(2));

      Finding rare = finding(result, "GET /rare", "/body/limit");
      assertThat(rare.verdict()).isEqualTo(Verdict.UNDECIDED);
      assertThat(rare.reason()).contains("its 2 repeats were spent");
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.UNDECIDED);
      assertThat(c.hits("GET /rare")).isEqualTo(3);
    }
  }

  @Test
  void aPostDeclaredIdempotentIsAskedAgainAndOtherWritesAreNot() {
    try (Build p = new Build(false);
        Build s = new Build(false);
        Build c = new Build(true)) {
      RepeatSettings repeats =
          RepeatSettings.defaults().withIdempotent(List.of(EndpointPattern.parse("POST /search")));
      CheckResult result = check(p, s, c, corpus("POST /search"), true, repeats);

      Finding search = finding(result, "POST /search", "/body/hits");
      assertThat(search.verdict()).as(search.reason()).isEqualTo(Verdict.REGRESSION);
      assertThat(c.hits("POST /search")).isGreaterThan(1);
    }
  }
}
