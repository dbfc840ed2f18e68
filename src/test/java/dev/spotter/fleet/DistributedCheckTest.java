package dev.spotter.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.store.Store;
import dev.spotter.store.Stores;
import dev.spotter.testsupport.ChildSpotter;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet end to end, every part real: two recording proxies publish live traffic to a Kafka
 * topic, `spotter ingest` persists it into PostgreSQL, and the same traffic is checked four ways:
 * from the corpus in one process, from the stream in one process, from the corpus published to a
 * topic of its own, and from the stream by two worker processes one of which is killed half-way.
 * All four reports count the same.
 */
class DistributedCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS_PER_PROXY = 250;

  @TempDir static Path dir;
  static KafkaBroker kafka;
  static TestPostgres.Database database;
  static LegacyOrdersService primary;
  static LegacyOrdersService secondary;
  static LegacyOrdersService candidate;
  static String topic;
  static final List<ChildSpotter> proxies = new ArrayList<>();

  @BeforeAll
  static void recordTrafficThroughTwoProxies() throws Exception {
    database = TestPostgres.freshDatabase();
    kafka = KafkaBroker.start();
    topic = "traffic";
    kafka.createTopic(topic, 3);
    primary = LegacyOrdersService.start(LegacyOrdersService.Build.OLD, 0);
    secondary = LegacyOrdersService.start(LegacyOrdersService.Build.OLD, 0);
    candidate = LegacyOrdersService.start(LegacyOrdersService.Build.NEW, 0);
    List<URI> fronts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int port = Ports.free();
      Path childDir = Files.createDirectories(dir.resolve("proxy-" + i));
      proxies.add(
          ChildSpotter.start(
              childDir,
              "record",
              "--listen",
              "127.0.0.1:" + port,
              "--target",
              primary.baseUri().toString(),
              "--sink",
              kafka.address(topic),
              "--corpus",
              "orders",
              "--admin",
              "127.0.0.1:" + Ports.free()));
      fronts.add(URI.create("http://127.0.0.1:" + port));
    }
    for (int i = 0; i < fronts.size(); i++) {
      assertThat(Ports.awaitListening(fronts.get(i).getPort(), Duration.ofSeconds(60)))
          .as("proxy %d listening: %s", i, proxies.get(i).printed())
          .isTrue();
    }
    // both proxies under load at once, each with its own traffic
    CompletableFuture<?> a =
        CompletableFuture.runAsync(
            () -> TrafficGenerator.withDefaults().run(fronts.get(0), REQUESTS_PER_PROXY, 11));
    CompletableFuture<?> b =
        CompletableFuture.runAsync(
            () -> TrafficGenerator.withDefaults().run(fronts.get(1), REQUESTS_PER_PROXY, 12));
    CompletableFuture.allOf(a, b).join();
    for (ChildSpotter proxy : proxies) {
      proxy.terminate(); // drains and flushes what it captured to Kafka
    }
    for (ChildSpotter proxy : proxies) {
      assertThat(proxy.waitFor(60)).as(proxy.printed()).isZero();
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (ChildSpotter proxy : proxies) {
      proxy.close(); // a proxy left running when recording failed is stopped all the same
    }
    for (AutoCloseable c : new AutoCloseable[] {primary, secondary, candidate, kafka, database}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void twoWorkersOneKilledHalfWayCountExactlyWhatOneProcessCounts() throws Exception {
    // ingest: the stream into PostgreSQL, every exchange once
    Cli.Result ingest =
        Cli.run(
            "ingest",
            "--from",
            kafka.address(topic),
            "--store",
            database.url(),
            "--idle-exit",
            "3s");
    assertThat(ingest.exitCode()).as(ingest.toString()).isZero();
    try (Store store = Stores.open(database.url())) {
      assertThat(store.corpus("orders").orElseThrow().exchanges())
          .isEqualTo(2L * REQUESTS_PER_PROXY);
    }

    // 1. the corpus, in one process
    Path fromCorpus = dir.resolve("report-corpus");
    Cli.Result single = Cli.run(check("--corpus", "orders", "--report", fromCorpus.toString()));
    assertThat(single.exitCode()).as(single.toString()).isEqualTo(1); // the planted regressions

    // 2. the stream, in one process
    Path fromStream = dir.resolve("report-stream");
    Cli.Result local =
        Cli.run(check("--from", kafka.address(topic), "--report", fromStream.toString()));
    assertThat(local.exitCode()).as(local.toString()).isEqualTo(1);

    // 3. the corpus in PostgreSQL, published to a topic of its own for workers to share
    Path viaTopic = dir.resolve("report-corpus-via-kafka");
    Cli.Result via =
        Cli.run(
            check(
                "--corpus",
                "orders",
                "--via",
                kafka.address("corpus-orders"),
                "--report",
                viaTopic.toString()));
    assertThat(via.exitCode()).as(via.toString()).isEqualTo(1);
    assertThat(via.out()).contains("published  " + 2 * REQUESTS_PER_PROXY + " exchanges");

    // 4. the stream, by two worker processes, one killed half-way
    Path distributed = dir.resolve("report-workers");
    Path coordinatorDir = Files.createDirectories(dir.resolve("coordinator"));
    try (ChildSpotter coordinator =
            ChildSpotter.start(
                coordinatorDir,
                check(
                    "--from",
                    kafka.address(topic),
                    "--wait-for-workers",
                    "--rate",
                    "40",
                    "--report",
                    distributed.toString()));
        Store store = Stores.open(database.url())) {
      String runId =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> store.openCheckJobs().stream().findFirst().map(j -> j.runId()),
                  java.util.Optional::isPresent)
              .orElseThrow();
      ChildSpotter doomed = worker("w1");
      ChildSpotter survivor = worker("w2");
      long half = REQUESTS_PER_PROXY; // of 2 x REQUESTS_PER_PROXY
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> store.replayResultCount(runId) >= half / 2);
      doomed.kill(); // SIGKILL: no goodbye to Kafka, no flush
      assertThat(store.replayResultCount(runId))
          .as("killed half-way, not after the end")
          .isLessThan(2L * REQUESTS_PER_PROXY);
      assertThat(coordinator.waitFor(240)).as(coordinator.printed()).isEqualTo(1);
      survivor.terminate();
      survivor.waitFor(30);
      // both stored answers: the killed worker before it died, the survivor the rest
      assertThat(coordinator.printed()).contains("w1 replayed").contains("w2 replayed");
    }

    JsonNode expected = counts(fromCorpus);
    assertThat(counts(fromStream)).isEqualTo(expected);
    assertThat(counts(viaTopic)).isEqualTo(expected);
    assertThat(counts(distributed)).isEqualTo(expected);
    assertThat(expected.path("summary").path("requests").asLong())
        .isEqualTo(2L * REQUESTS_PER_PROXY);
    assertThat(expected.path("summary").path("regressions").asLong()).isPositive();
  }

  private ChildSpotter worker(String name) throws Exception {
    Path workerDir = Files.createDirectories(dir.resolve("worker-" + name));
    return ChildSpotter.start(
        workerDir,
        "worker",
        "--store",
        database.url(),
        "--name",
        name,
        "--batch",
        "20",
        "--session-timeout",
        "6s",
        "--once");
  }

  private static String[] check(String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "check",
            "--store",
            database.url(),
            "--primary",
            primary.baseUri().toString(),
            "--secondary",
            secondary.baseUri().toString(),
            "--candidate",
            candidate.baseUri().toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * What a report counts that the traffic and the builds decide: requests, skips, errors and the
   * regressions with how often each showed. Not ids, times, latencies or examples, and not the
   * counts of noise: the sample service is nondeterministic on purpose (a cache header, shuffled
   * tags), and every replay meets that randomness afresh.
   */
  private static JsonNode counts(Path reportDir) throws Exception {
    JsonNode report = JSON.readTree(reportDir.resolve("report.json").toFile());
    ObjectNode kept = JSON.createObjectNode();
    ObjectNode summary = report.path("summary").deepCopy();
    // paths whose noise was too close to call: the service's dice ("inconclusive" is the old name)
    summary.remove("undecided");
    summary.remove("inconclusive");
    kept.set("summary", summary);
    kept.set("skipped", report.path("skipped"));
    ArrayNode endpoints = kept.putArray("endpoints");
    for (JsonNode e : report.path("endpoints")) {
      ObjectNode k = endpoints.addObject();
      for (String f : List.of("endpoint", "requests", "regressing", "regressions")) {
        k.set(f, e.path(f));
      }
      ArrayNode regressions = k.putArray("regressionFindings");
      for (JsonNode f : e.path("findings")) {
        if ("regression".equals(f.path("verdict").asText())) {
          ObjectNode fk = regressions.addObject();
          for (String name : List.of("path", "kind", "candidateCount", "noiseCount")) {
            fk.set(name, f.path(name));
          }
        }
      }
    }
    ArrayNode targets = kept.putArray("targets");
    for (JsonNode t : report.path("targets")) {
      targets
          .addObject()
          .put("role", t.path("role").asText())
          .put("sent", t.path("sent").asLong())
          .put("failures", t.path("failures").asLong());
    }
    return kept;
  }
}
