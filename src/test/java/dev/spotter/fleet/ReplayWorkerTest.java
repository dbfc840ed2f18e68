package dev.spotter.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.ReplayAggregator;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.replay.Replayed;
import dev.spotter.store.PartitionProgress;
import dev.spotter.store.ReplayResult;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import dev.spotter.stream.ExchangeRecords;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaClients;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers and their coordinator against a real Kafka broker: each record of the check is replayed
 * and stored once however the work is split, resumed or repeated, and nothing past the check's
 * snapshot is touched.
 */
class ReplayWorkerTest {
  private static final int RECORDS = 120;

  static KafkaBroker kafka;
  static TestHttpServer old;
  static TestHttpServer candidate;
  static final Map<String, AtomicInteger> oldHits = new ConcurrentHashMap<>();
  static final AtomicInteger topics = new AtomicInteger();

  @TempDir Path dir;
  Store store;
  KafkaAddress stream;

  @BeforeAll
  static void startBrokerAndTargets() {
    kafka = KafkaBroker.start();
    old =
        TestHttpServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              oldHits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
              TestHttpServer.respond(
                  ex, 200, "application/json", ("{\"path\":\"" + path + "\",\"v\":1}").getBytes());
            });
    candidate =
        TestHttpServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              // every third item answers differently: a change the check must find
              int v = path.endsWith("0") || path.endsWith("3") || path.endsWith("6") ? 2 : 1;
              TestHttpServer.respond(
                  ex,
                  200,
                  "application/json",
                  ("{\"path\":\"" + path + "\",\"v\":" + v + "}").getBytes());
            });
  }

  @AfterAll
  static void stop() throws Exception {
    old.close();
    candidate.close();
    kafka.close();
  }

  @BeforeEach
  void freshTopicAndStore() {
    String topic = "check-" + topics.incrementAndGet();
    kafka.createTopic(topic, 3);
    stream = KafkaAddress.parse(kafka.address(topic));
    store = SqliteStore.open(dir.resolve("spotter.db"));
    oldHits.clear();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void twoWorkersShareTheCheckAndEveryRecordIsStoredOnce() throws Exception {
    publish(RECORDS, true);
    StoredCheckJob job = openJob();
    publish(10, false); // arrives after the snapshot: not part of this check

    AtomicBoolean stop = new AtomicBoolean();
    List<ReplayWorker.Share> shares = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (String name : List.of("w1", "w2")) {
      Thread t =
          new Thread(
              () -> {
                try {
                  ReplayWorker.Share s =
                      new ReplayWorker(
                              store, name, alone(new WorkerSettings(7, Duration.ofSeconds(6))))
                          .work(job, stop::get);
                  synchronized (shares) {
                    shares.add(s);
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    new CheckCoordinator(store, Clock.systemUTC())
        .awaitWorkers(job, Duration.ofSeconds(60), n -> {}, () -> !failures.isEmpty());
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(failures).isEmpty();

    assertThat(store.replayResultCount(job.runId())).isEqualTo(RECORDS);
    assertThat(shares.stream().mapToLong(ReplayWorker.Share::replayed).sum())
        .as("what the two workers replayed, together")
        .isGreaterThanOrEqualTo(RECORDS);
    assertThat(oldHits.keySet()).noneMatch(p -> p.startsWith("/late/"));

    CheckResult result = judge(job);
    assertThat(result.summary().requests()).isEqualTo(RECORDS);
    assertThat(result.summary().compared()).isEqualTo(RECORDS - RECORDS / 10); // POSTs skipped
    assertThat(result.summary().skipped()).isEqualTo(RECORDS / 10);
    assertThat(result.summary().regressions()).isPositive();
  }

  @Test
  void aWorkerStartsWhereTheStoreSaysTheCheckGotTo() throws Exception {
    publish(RECORDS, true);
    StoredCheckJob job = openJob();
    CheckJobSettings s = CheckJobSettings.fromJson(job.runId(), job.settingsJson());
    // as if a worker had stored everything of one partition and died before committing offsets
    // (records are keyed by endpoint: GETs and POSTs of /items/{id} fill one or two partitions)
    PartitionRange p0 = s.partitions().stream().filter(r -> r.size() > 0).findFirst().orElseThrow();
    store.saveReplayResults(
        job.runId(), List.of(), List.of(new PartitionProgress(p0.partition(), p0.end())));

    new ReplayWorker(store, "w1", alone(new WorkerSettings(50, Duration.ofSeconds(6))))
        .work(job, () -> false);

    assertThat(store.replayResultCount(job.runId())).isEqualTo(RECORDS - p0.size());
    assertThat(oldHits.values().stream().mapToInt(AtomicInteger::get).sum())
        .as("the old build, asked twice for want of a secondary: never for the finished partition")
        .isLessThanOrEqualTo((int) (2 * (RECORDS - p0.size())));
  }

  @Test
  void answersStoredBeforeAreNotCountedAgain() throws Exception {
    publish(RECORDS, true);
    StoredCheckJob job = openJob();
    // as if another worker had stored answers for every exchange, then died before it could
    // record how far it came: this worker replays them all again and its answers are ignored
    List<ReplayResult> earlier = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      String id = "cap-" + stream.topic() + "-" + i;
      earlier.add(
          new ReplayResult(
              id,
              0,
              i,
              "dead",
              ReplayedJson.write(new Replayed.Skipped(id, "test", "stored by the dead worker"))));
    }
    assertThat(store.saveReplayResults(job.runId(), earlier, List.of())).isEqualTo(RECORDS);

    new ReplayWorker(store, "w1", alone(WorkerSettings.DEFAULT)).work(job, () -> false);

    assertThat(store.replayResultCount(job.runId())).isEqualTo(RECORDS);
    assertThat(judge(job).skipped())
        .singleElement()
        .satisfies(skip -> assertThat(skip.count()).isEqualTo(RECORDS));
  }

  @Test
  void anUnreadableRecordIsCountedAsSkippedAndTheCheckEnds() throws Exception {
    publish(20, true);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(stream, "test"))) {
      producer
          .send(
              new ProducerRecord<>(
                  stream.topic(), "GET /x", "not a jsonl line".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    StoredCheckJob job = openJob();
    new ReplayWorker(store, "w1", alone(WorkerSettings.DEFAULT)).work(job, () -> false);
    CheckResult result = judge(job);
    assertThat(result.summary().requests()).isEqualTo(21);
    assertThat(result.skipped())
        .anySatisfy(
            skip -> {
              assertThat(skip.reason()).isEqualTo("unreadable_record");
              assertThat(skip.count()).isEqualTo(1);
            });
  }

  @Test
  void aCheckWithoutWorkersStallsWithAClearError() throws Exception {
    publish(5, true);
    StoredCheckJob job = openJob();
    assertThatThrownBy(
            () ->
                new CheckCoordinator(store, Clock.systemUTC())
                    .awaitWorkers(job, Duration.ofMillis(600), n -> {}, () -> false))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("run " + job.runId())
        .hasMessageContaining("0 of 5")
        .hasMessageContaining("spotter worker");

    new CheckCoordinator(store, Clock.systemUTC()).close(job, false);
    assertThat(store.checkJob(job.runId()).orElseThrow().state()).isEqualTo("failed");
    assertThat(store.run(job.runId()).orElseThrow().finishedAt())
        .as("a check given up is over, without a verdict")
        .isNotNull();
    assertThat(store.run(job.runId()).orElseThrow().verdict()).isEqualTo("incomplete");
  }

  @Test
  void aTopicThatDoesNotExistIsNamed() {
    KafkaAddress missing = KafkaAddress.parse(kafka.address("no-such-topic"));
    assertThatThrownBy(() -> CheckCoordinator.snapshot(missing, settings()))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("no-such-topic");
  }

  /**
   * No coordinator speaks for the jobs of these tests: a worker leaves as soon as the partitions
   * are done and no repeat task waits.
   */
  private static WorkerSettings alone(WorkerSettings settings) {
    return settings.withCoordinatorSilence(Duration.ZERO);
  }

  private StoredCheckJob openJob() {
    return new CheckCoordinator(store, Clock.systemUTC())
        .open(CheckCoordinator.snapshot(stream, settings()), "stream " + stream);
  }

  private CheckResult judge(StoredCheckJob job) {
    ReplayAggregator aggregator =
        new ReplayAggregator(
            settings(),
            new ResponseDiffer(DiffSettings.defaults()),
            new EndpointGrouper(List.of()),
            new FindingCollector(NoiseSettings.defaults()),
            UnaryOperator.identity());
    return new CheckCoordinator(store, Clock.systemUTC()).judge(job, aggregator, "t", null);
  }

  private static ReplaySettings settings() {
    return ReplaySettings.of(old.baseUri().toString(), null, candidate.baseUri().toString())
        .withConcurrency(4);
  }

  /** Publishes {@code n} exchanges, one in ten a POST; late ones under /late/. */
  private void publish(int n, boolean inCheck) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(stream, "test"))) {
      for (int i = 0; i < n; i++) {
        String method = inCheck && i % 10 == 9 ? "POST" : "GET";
        String path = (inCheck ? "/items/" : "/late/") + i;
        Exchange e =
            new Exchange(
                "cap-" + stream.topic() + "-" + (inCheck ? "" : "late-") + i,
                new HttpRequestData(method, path, Headers.EMPTY, null),
                null,
                null,
                -1,
                "test");
        producer.send(ExchangeRecords.toRecord(stream.topic(), e, "c", "test"));
      }
      producer.flush();
    }
  }
}
