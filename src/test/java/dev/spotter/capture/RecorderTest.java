package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.proxy.Compression;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import dev.spotter.testsupport.Placeholders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording policy against a real SQLite store, fed the way the proxy feeds it. */
class RecorderTest {
  private static final String CORPUS = "live";

  @TempDir Path dir;
  private Path file;
  private SqliteStore store;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Recorder> recorders = new ArrayList<>();

  @BeforeEach
  void openStore() {
    file = dir.resolve("spotter.db");
    store = SqliteStore.open(file);
  }

  @AfterEach
  void closeAll() {
    recorders.forEach(Recorder::close);
    store.close();
  }

  private static RecordSettings settings() {
    return RecordSettings.defaults(CORPUS, "record:127.0.0.1:8080")
        .withFlushing(Duration.ofMillis(20), 500);
  }

  private Recorder recorder(RecordSettings settings, Store target, RedactionRules rules) {
    return recorder(settings, target, rules, () -> 0.0);
  }

  private Recorder recorder(
      RecordSettings settings, Store target, RedactionRules rules, DoubleSupplier random) {
    Recorder r = new Recorder(settings, target, new Redactor(rules), registry, random);
    recorders.add(r);
    return r;
  }

  private Recorder recorder(RecordSettings settings) {
    return recorder(settings, store, RedactionRules.defaults());
  }

  private List<Exchange> corpus() {
    List<Exchange> list = new ArrayList<>();
    try (ExchangeCursor cursor = store.read(CORPUS)) {
      cursor.forEachRemaining(list::add);
    }
    return list;
  }

  private long stored() {
    return store.corpus(CORPUS).map(c -> c.exchanges()).orElse(0L);
  }

  @Test
  void storesTheExchangeAsACorpusKeepsIt() {
    Recorder r = recorder(settings());
    r.completed(
        Observed.get("/orders/7?x=1")
            .method("POST")
            .requestHeaders("Host", "shop.example", "Content-Type", "application/json")
            .requestBody(Body.of("{\"qty\":2}"))
            .status(201)
            .build());
    r.close();

    Exchange e = corpus().get(0);
    assertThat(e.request().method()).isEqualTo("POST");
    assertThat(e.request().url()).isEqualTo("http://shop.example/orders/7?x=1");
    assertThat(e.request().body().utf8()).isEqualTo("{\"qty\":2}");
    assertThat(e.response().status()).isEqualTo(201);
    assertThat(e.response().body().utf8()).isEqualTo("{\"id\":7}");
    assertThat(e.response().headers().first("Content-Type")).contains("application/json");
    assertThat(e.startedAt()).isEqualTo(Observed.STARTED);
    assertThat(e.durationMicros()).isEqualTo(1234);
    assertThat(e.source()).isEqualTo("record:127.0.0.1:8080");
    assertThat(r.summary()).isEqualTo(new RecordSummary(1, 0, 0, 0, 0, 0, 0, RedactionCounts.NONE));
  }

  @Test
  void keepsTheTargetAsSentWhenItIsAbsoluteOrHasNoHost() {
    Recorder r = recorder(settings());
    r.completed(Observed.get("http://other.example/a?b=1").build());
    r.completed(Observed.get("/no-host").requestHeaders("Accept", "*/*").build());
    r.completed(Observed.get("/odd-host").requestHeaders("Host", "evil.example/x").build());
    r.close();

    assertThat(corpus())
        .extracting(e -> e.request().url())
        .containsExactly("http://other.example/a?b=1", "/no-host", "/odd-host");
  }

  @Test
  void credentialsAreRedactedBeforeTheyReachTheDatabaseFileOrItsWal() throws Exception {
    RedactionRules rules =
        RedactionRules.defaults()
            .withQueryParameters("access_token")
            .withJsonPaths("/password", "/session/token");
    Recorder r = recorder(settings(), store, rules);
    byte[] answer =
        "{\"session\":{\"token\":\"RTOKENplanted4242\"},\"user\":\"ada\"}"
            .getBytes(StandardCharsets.UTF_8);
    r.completed(
        Observed.get("/v1/pay?access_token=QTOKENplanted4242&page=1")
            .method("POST")
            .requestHeaders(
                "Host", "api.example.com",
                "Authorization", "Bearer HTOKENplanted4242",
                "Cookie", "sid=CTOKENplanted4242",
                "Content-Type", "application/json")
            .requestBody(Body.of("{\"user\":\"ada\",\"password\":\"JTOKENplanted4242\"}"))
            .responseHeaders(
                "Content-Type", "application/json",
                "Content-Encoding", "gzip",
                "Set-Cookie", "sid=STOKENplanted4242; HttpOnly")
            // compressed on the wire: only decoding lets redaction see the secret
            .responseBody(Compression.gzip(answer))
            .build());
    await().atMost(Duration.ofSeconds(5)).until(() -> r.recorded() == 1);

    String[] secrets = {
      "HTOKENplanted4242",
      "QTOKENplanted4242",
      "CTOKENplanted4242",
      "STOKENplanted4242",
      "JTOKENplanted4242",
      "RTOKENplanted4242"
    };
    Path wal = dir.resolve("spotter.db-wal");
    assertThat(wal).exists(); // the committed batch is still in the log while the store is open
    assertNoSecretIn(file, secrets);
    assertNoSecretIn(wal, secrets);
    // a control: the scan does see what was stored around the secrets
    assertThat(
            Placeholders.unkeyed(new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1)))
        .contains("http://api.example.com/v1/pay?")
        .contains("{\"user\":\"ada\",\"password\":\"[REDACTED]\"");

    Exchange pay = corpus().get(0);
    assertThat(pay.request().headers().first("Authorization").map(Placeholders::unkeyed))
        .contains("Bearer [REDACTED]");
    assertThat(Placeholders.unkeyed(pay.request().url()))
        .contains("access_token=%5BREDACTED%5D&page=1");
    assertThat(Placeholders.unkeyed(pay.response().body().utf8()))
        .isEqualTo("{\"session\":{\"token\":\"[REDACTED]\"},\"user\":\"ada\"}");

    r.close();
    store.close();
    assertNoSecretIn(file, secrets);
    if (Files.exists(wal)) {
      assertNoSecretIn(wal, secrets);
    }
  }

  @Test
  void gzipAnswersAreStoredDecodedWithTheirContentEncodingKept() {
    Recorder r = recorder(settings());
    byte[] json = "{\"items\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
    r.completed(
        Observed.get("/gz")
            .responseHeaders("Content-Type", "application/json", "Content-Encoding", "gzip")
            .responseBody(Compression.gzip(json))
            .build());
    r.close();

    Exchange e = corpus().get(0);
    assertThat(e.response().body()).isEqualTo(Body.of(json));
    assertThat(e.response().headers().first("Content-Encoding")).contains("gzip");
    assertThat(r.undecodable()).isZero();
  }

  @Test
  void anAnswerThatDoesNotFollowItsCodingIsStoredAsItCameAndCounted() {
    Recorder r = recorder(settings());
    r.completed(
        Observed.get("/liar")
            .responseHeaders("Content-Encoding", "gzip")
            .responseBody(Body.of("plain text, not gzip at all"))
            .build());
    r.close();

    assertThat(corpus().get(0).response().body().utf8()).isEqualTo("plain text, not gzip at all");
    assertThat(r.undecodable()).isEqualTo(1);
    assertThat(r.recorded()).isEqualTo(1);
  }

  @Test
  void bodiesOverTheCapAreStoredCutWithTheirOriginalSize() {
    Recorder r = recorder(settings().withBodyCap(1000));
    byte[] big = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
    byte[] hugeJson = ("[" + "1,".repeat(50_000) + "1]").getBytes(StandardCharsets.UTF_8);
    r.completed(
        Observed.get("/plain")
            .method("PUT")
            .requestBody(Body.of(big))
            .responseBody(Body.of(big))
            .build());
    r.completed(
        Observed.get("/gz")
            .responseHeaders("Content-Encoding", "gzip")
            .responseBody(Compression.gzip(hugeJson))
            .build());
    // the proxy itself cut this request body at its own cap: the flag and size survive
    r.completed(
        Observed.get("/cut-by-proxy")
            .method("POST")
            .requestBody(new Body("abc".getBytes(StandardCharsets.UTF_8), 90_000, true))
            .build());
    r.close();

    List<Exchange> stored = corpus();
    Body request = stored.get(0).request().body();
    Body response = stored.get(0).response().body();
    assertThat(List.of(request, response))
        .allSatisfy(
            b -> {
              assertThat(b.length()).isEqualTo(1000);
              assertThat(b.truncated()).isTrue();
              assertThat(b.originalSize()).isEqualTo(5000);
            });
    Body decoded = stored.get(1).response().body();
    assertThat(decoded.length()).isEqualTo(1000);
    assertThat(decoded.truncated()).isTrue();
    assertThat(decoded.originalSize()).isGreaterThan(1000); // decoding stopped past the cap
    assertThat(decoded.utf8()).startsWith("[1,1,");
    assertThat(stored.get(2).request().body())
        .isEqualTo(new Body("abc".getBytes(StandardCharsets.UTF_8), 90_000, true));
  }

  @Test
  void filtersOnMethodAndOnThePathWithoutItsQuery() {
    RecordSettings s =
        settings()
            .withMethods(Set.of("get", "post"))
            .withEndpoints(
                List.of(EndpointPattern.parse("/api/**")),
                List.of(EndpointPattern.parse("GET /api/health")));
    Recorder r = recorder(s);

    assertThat(r.observe("GET", "/api/orders/7?x=1")).isTrue();
    assertThat(r.observe("POST", "/api/orders")).isTrue();
    assertThat(r.observe("GET", "http://shop.example/api/orders?y")).isTrue();
    assertThat(r.observe("POST", "/api/health")).isTrue(); // only GET is excluded
    assertThat(r.observe("DELETE", "/api/orders/7")).isFalse();
    assertThat(r.observe("GET", "/static/app.js")).isFalse();
    assertThat(r.observe("GET", "/api/health?verbose=1")).isFalse();
    assertThat(r.observe("GET", "/api")).isTrue(); // ** matches an empty rest too

    assertThat(r.filtered()).isEqualTo(3);
    assertThat(r.sampledOut()).isZero();
    assertThat(
            registry
                .get("spotter.record.skipped")
                .tag("reason", "filtered")
                .functionCounter()
                .count())
        .isEqualTo(3.0);
  }

  @Test
  void samplesTheShareOfMatchingRequestsTheRandomSourceAllows() {
    long seed = 20261127L; // fixed, and printed with every assertion below
    Random drawn = new Random(seed);
    Random expected = new Random(seed);
    RecordSettings s =
        settings()
            .withSampleRate(0.25)
            .withEndpoints(List.of(), List.of(EndpointPattern.parse("/health")));
    Recorder r = recorder(s, store, RedactionRules.defaults(), drawn::nextDouble);

    int asked = 0;
    int expectedAsked = 0;
    for (int i = 0; i < 10_000; i++) {
      if (i % 10 == 0) {
        // filtered requests come before the sample and draw nothing from it
        assertThat(r.observe("GET", "/health")).as("seed %d", seed).isFalse();
        continue;
      }
      if (r.observe("GET", "/orders/" + i)) {
        asked++;
      }
      if (expected.nextDouble() < 0.25) {
        expectedAsked++;
      }
    }

    assertThat(asked).as("seed %d", seed).isEqualTo(expectedAsked).isBetween(2000, 2500);
    assertThat(r.sampledOut()).as("seed %d", seed).isEqualTo(9000 - expectedAsked);
    assertThat(r.filtered()).isEqualTo(1000);
    assertThat(
            registry
                .get("spotter.record.skipped")
                .tag("reason", "sampled_out")
                .functionCounter()
                .count())
        .isEqualTo((double) (9000 - expectedAsked));
  }

  @Test
  void exchangesReachTheStoreWithinAFewFlushIntervalsWithoutClose() {
    Recorder r = recorder(settings().withFlushing(Duration.ofMillis(100), 500));
    for (int i = 0; i < 5; i++) {
      r.completed(Observed.get("/orders/" + i).build());
    }

    // counted just after the commit: the count may trail what a reader of the store sees
    await().atMost(Duration.ofSeconds(2)).until(() -> stored() == 5 && r.recorded() == 5);
    assertThat(r.queued()).isZero();
    assertThat(registry.get("spotter.record.flushes").functionCounter().count()).isPositive();
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingForTheInterval() {
    Recorder r = recorder(settings().withFlushing(Duration.ofMinutes(1), 10));
    for (int i = 0; i < 10; i++) {
      r.completed(Observed.get("/orders/" + i).build());
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> stored() == 10);
  }

  @Test
  void closeWritesEverythingStillQueuedAndIsIdempotent() {
    Recorder r = recorder(settings().withFlushing(Duration.ofMinutes(1), 500));
    for (int i = 0; i < 50; i++) {
      r.completed(Observed.get("/orders/" + i).build());
    }
    assertThat(r.queued()).isEqualTo(50);
    assertThat(stored()).isZero();

    r.close();
    r.close();

    assertThat(stored()).isEqualTo(50);
    assertThat(corpus())
        .extracting(e -> e.request().url())
        .startsWith("http://shop.example/orders/0", "http://shop.example/orders/1");
    assertThat(r.summary())
        .isEqualTo(new RecordSummary(50, 0, 0, 0, 0, 0, 0, RedactionCounts.NONE));
    assertThat(r.queuedBytes()).isZero();
    // once closed it asks for nothing, and what still completes is shed, not lost silently
    assertThat(r.observe("GET", "/late")).isFalse();
    r.completed(Observed.get("/late").build());
    assertThat(r.shed()).isEqualTo(1);
    assertThat(stored()).isEqualTo(50);
  }

  @Test
  void shedsInsteadOfWaitingWhenTheStoreFallsBehind() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    GatedStore slow = GatedStore.blockedUntil(store, gate);
    Recorder r =
        recorder(
            settings()
                .withQueueBounds(100, 64L * 1024 * 1024)
                .withFlushing(Duration.ofMillis(5), 10),
            slow.store,
            RedactionRules.defaults());
    r.completed(Observed.get("/first").build());
    assertThat(slow.firstAppendEntered.await(5, TimeUnit.SECONDS)).isTrue();

    int calls = 2000;
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      r.completed(Observed.get("/orders/" + i).build());
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // every call returned while the store was still blocked: none of them waited for it
    assertThat(gate.getCount()).isEqualTo(1);
    assertThat(slow.appends()).isEqualTo(1);
    assertThat(elapsedMillis).as("2,000 calls took %d ms", elapsedMillis).isLessThan(2000);
    assertThat(r.queued()).isEqualTo(100); // the batch being written counts until it is written
    assertThat(r.shed()).isEqualTo(calls + 1 - 100);
    assertThat(r.recorded() + r.shed() + r.queued()).isEqualTo(calls + 1);
    assertThat(registry.get("spotter.record.queue").gauge().value()).isEqualTo(100.0);
    assertThat(registry.get("spotter.record.shed").functionCounter().count())
        .isEqualTo(calls + 1 - 100.0);

    gate.countDown();
    r.close();

    assertThat(r.recorded()).isEqualTo(100);
    assertThat(stored()).isEqualTo(100);
    assertThat(r.recorded() + r.shed()).isEqualTo(calls + 1);
    assertThat(corpus().get(0).request().url()).endsWith("/first");
  }

  @Test
  void shedsWhenTheQueuedBodiesWouldExceedTheByteBound() {
    CountDownLatch gate = new CountDownLatch(1);
    GatedStore slow = GatedStore.blockedUntil(store, gate);
    Recorder r =
        recorder(
            settings().withQueueBounds(10_000, 10_000).withFlushing(Duration.ofMinutes(1), 500),
            slow.store,
            RedactionRules.defaults());
    Body kilobytes = Body.of(new byte[3000]);
    for (int i = 0; i < 5; i++) {
      r.completed(Observed.get("/blob/" + i).responseBody(kilobytes).build());
    }
    r.completed(Observed.get("/small").responseBody(Body.of("ok")).build());

    assertThat(r.queued()).isEqualTo(4); // 3 x 3000 and the 2-byte answer
    assertThat(r.queuedBytes()).isEqualTo(9002);
    assertThat(r.shed()).isEqualTo(2);
    assertThat(registry.get("spotter.record.queue.bytes").gauge().value()).isEqualTo(9002.0);
    gate.countDown();
    r.close();
    assertThat(stored()).isEqualTo(4);
  }

  @Test
  void aFailingStoreCostsItsBatchesButNotTheRecorder() {
    // decided by content, not by call number: how the writer splits batches is its own business
    GatedStore flaky =
        GatedStore.failing(
            store, batch -> batch.stream().anyMatch(e -> e.request().path().startsWith("/lost")));
    Recorder r =
        recorder(
            settings().withFlushing(Duration.ofMillis(10), 5),
            flaky.store,
            RedactionRules.defaults());
    for (int i = 0; i < 5; i++) {
      r.completed(Observed.get("/lost/" + i).build());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> r.failed() == 5);
    for (int i = 0; i < 5; i++) {
      r.completed(Observed.get("/lost-too/" + i).build());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> r.failed() == 10);
    for (int i = 0; i < 5; i++) {
      r.completed(Observed.get("/kept/" + i).build());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> r.recorded() == 5);
    r.close();

    assertThat(flaky.appends()).isGreaterThanOrEqualTo(3);
    assertThat(corpus()).extracting(e -> e.request().path()).allMatch(p -> p.startsWith("/kept/"));
    assertThat(r.summary())
        .isEqualTo(new RecordSummary(5, 0, 0, 0, 10, 0, 0, RedactionCounts.NONE));
    assertThat(registry.get("spotter.record.failed").functionCounter().count()).isEqualTo(10.0);
  }

  @Test
  void theWriterIsOneDaemonThreadThatEndsOnClose() {
    Recorder r = recorder(settings());
    Thread writer =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("spotter-recorder"))
            .findFirst()
            .orElseThrow();
    assertThat(writer.isDaemon()).isTrue();
    r.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t == writer);
  }

  private static void assertNoSecretIn(Path path, String[] secrets) throws Exception {
    String raw = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
    for (String secret : secrets) {
      assertThat(raw).as("%s in %s", secret, path.getFileName()).doesNotContain(secret);
    }
  }
}
