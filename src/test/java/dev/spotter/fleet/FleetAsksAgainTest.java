package dev.spotter.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.replay.BatchReplayer;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.RepeatSettings;
import dev.spotter.replay.ReplayAggregator;
import dev.spotter.replay.ReplayEngine;
import dev.spotter.replay.ReplayProgress;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.RepeatAnswer;
import dev.spotter.store.RepeatTask;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import dev.spotter.stream.ExchangeRecords;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaClients;
import dev.spotter.testsupport.ChildSpotter;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check from a stream asks again, through its workers, what the recorded traffic left undecided,
 * as a check in one process does: against a real Kafka broker and three real servers, a change on
 * endpoints seen once is decided by repeats the workers share, a stream that decides on its own
 * asks nothing, and a worker killed while it holds a repeat task delays the check by the claim
 * timeout only.
 */
class FleetAsksAgainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RARE =
      List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");

  static KafkaBroker kafka;
  static final AtomicInteger topics = new AtomicInteger();

  @TempDir Path dir;
  Store store;
  KafkaAddress stream;
  Build primary;
  Build secondary;
  Build candidate;

  /**
   * A build of a tiny service that counts what it was asked: items are the same on every build,
   * each {@code /limits/NAME} changes on the candidate. Asks after the first of a limit can be
   * slowed, or held until the test lets them go.
   */
  static final class Build implements AutoCloseable {
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    /** When each ask of a limit after the first arrived, by the wall clock. */
    final Queue<Instant> repeatArrivals = new ConcurrentLinkedQueue<>();

    final TestHttpServer server;
    volatile long repeatDelayMillis;
    volatile CountDownLatch holdRepeats;

    Build(boolean candidate) {
      server = TestHttpServer.start(exchange -> answer(exchange, candidate));
    }

    private void answer(HttpExchange exchange, boolean candidate) throws IOException {
      String path = exchange.getRequestURI().getPath();
      int n =
          hits.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicInteger())
              .incrementAndGet();
      String body;
      if (path.startsWith("/limits/")) {
        if (n > 1) {
          repeatArrivals.add(Instant.now());
          pause();
        }
        body = candidate ? "{\"limit\":20}" : "{\"limit\":10}";
      } else {
        body = "{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\",\"name\":\"thing\"}";
      }
      TestHttpServer.respond(
          exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private void pause() {
      try {
        if (repeatDelayMillis > 0) {
          Thread.sleep(repeatDelayMillis);
        }
        CountDownLatch hold = holdRepeats;
        if (hold != null) {
          hold.await(60, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    int hits(String methodAndPath) {
      AtomicInteger n = hits.get(methodAndPath);
      return n == null ? 0 : n.get();
    }

    /** Asks of the limits beyond the first of each. */
    int repeatsOfLimits() {
      int n = 0;
      for (String name : RARE) {
        n += Math.max(0, hits("GET /limits/" + name) - 1);
      }
      return n;
    }

    String url() {
      return server.baseUri().toString();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @BeforeAll
  static void startBroker() {
    kafka = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void freshTopicStoreAndBuilds() {
    String topic = "asks-" + topics.incrementAndGet();
    kafka.createTopic(topic, 3);
    stream = KafkaAddress.parse(kafka.address(topic));
    store = SqliteStore.open(dir.resolve("spotter.db"));
    primary = new Build(false);
    secondary = new Build(false);
    candidate = new Build(true);
  }

  @AfterEach
  void closeAll() {
    for (Build b : List.of(primary, secondary, candidate)) {
      b.holdRepeats = null;
      b.close();
    }
    store.close();
  }

  @Test
  void aChangeOnEndpointsSeenOnceIsDecidedByRepeatsThatTwoWorkersShare() throws Exception {
    List<Exchange> traffic = traffic(30, RARE);
    publish(traffic);
    for (Build b : List.of(primary, secondary, candidate)) {
      b.repeatDelayMillis = 150; // a task takes a while, so that no worker does them all alone
    }
    ReplaySettings settings = settings().withConcurrency(2); // each worker claims two tasks at most
    CheckCoordinator coordinator = new CheckCoordinator(store, Clock.systemUTC());
    StoredCheckJob job =
        coordinator.open(CheckCoordinator.snapshot(stream, settings), "stream " + stream);

    Workers workers = new Workers(job, WorkerSettings.DEFAULT, "w1", "w2");
    Map<String, CheckCoordinator.WorkerShare> shares = new TreeMap<>();
    CheckResult result;
    try (CheckCoordinator.Heartbeat alive = coordinator.keepAlive(job)) {
      coordinator.awaitWorkers(job, Duration.ofSeconds(60), n -> {}, workers::failed);
      result =
          coordinator.judgeAskingAgain(
              job, aggregator(settings), "t", shares, Duration.ofSeconds(60), workers::failed);
      coordinator.close(job, true);
    }
    List<ReplayWorker.Share> done = workers.join();

    assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
    for (String name : RARE) {
      Finding limit = finding(result, "GET /limits/" + name, "/body/limit");
      assertThat(limit.verdict()).as(limit.reason()).isEqualTo(Verdict.REGRESSION);
      assertThat(limit.asked().requests()).as("decided by asking its one request again").isOne();
    }
    assertThat(result.repeats().requests()).isEqualTo(RARE.size());
    assertThat(result.repeats().endedBecause()).isNull();
    long asked = result.repeats().exchanges();
    assertThat(asked).isBetween((long) RARE.size(), 16L * RARE.size());
    for (Build b : List.of(primary, secondary, candidate)) {
      assertThat(b.repeatsOfLimits()).as("every ask reached every build once").isEqualTo(asked);
      assertThat(b.hits("GET /items/3")).as("what was decided is not asked again").isOne();
    }
    // both workers took repeat tasks, and together they answered every ask, each once
    assertThat(shares).containsKeys("w1", "w2");
    assertThat(shares.get("w1").askedAgain()).isPositive();
    assertThat(shares.get("w2").askedAgain()).isPositive();
    assertThat(shares.values().stream().mapToLong(CheckCoordinator.WorkerShare::askedAgain).sum())
        .isEqualTo(asked);
    assertThat(done.stream().mapToLong(ReplayWorker.Share::askedAgain).sum()).isEqualTo(asked);

    // the same traffic checked in one process comes to the same verdict on the same findings
    CheckResult oneProcess = checkInOneProcess(traffic, settings);
    assertThat(oneProcess.summary().verdict()).isEqualTo(result.summary().verdict());
    assertThat(regressions(oneProcess)).isEqualTo(regressions(result));
  }

  @Test
  void workersStartNoAskAfterTheChecksTimeForAskingAgainEvenWhenTheCandidateIsSlow()
      throws Exception {
    publish(traffic(10, List.of("alpha", "beta")));
    // each ask again of a limit takes two seconds: the first round's first asks start in time,
    // its second asks would start after the time for asking again
    candidate.repeatDelayMillis = 2_000;
    Duration budget = Duration.ofMillis(1_500);
    Duration timeout = Duration.ofSeconds(4);
    ReplaySettings settings = settings().withTimeout(timeout);
    // the coordinator's store, watched for the tasks it writes
    List<RepeatTask> written = new CopyOnWriteArrayList<>();
    Store watched =
        (Store)
            Proxy.newProxyInstance(
                Store.class.getClassLoader(),
                new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("addRepeatTasks")) {
                    @SuppressWarnings("unchecked")
                    List<RepeatTask> tasks = (List<RepeatTask>) args[1];
                    written.addAll(tasks);
                  }
                  try {
                    return method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    CheckCoordinator coordinator = new CheckCoordinator(watched, Clock.systemUTC());
    StoredCheckJob job =
        coordinator.open(CheckCoordinator.snapshot(stream, settings), "stream " + stream);
    Workers workers = new Workers(job, WorkerSettings.DEFAULT, "w1", "w2");
    CheckResult result;
    long tookMillis;
    try (CheckCoordinator.Heartbeat alive = coordinator.keepAlive(job)) {
      coordinator.awaitWorkers(job, Duration.ofSeconds(60), n -> {}, workers::failed);
      long started = System.nanoTime();
      result =
          coordinator.judgeAskingAgain(
              job,
              aggregator(settings, RepeatSettings.defaults().withMaxTime(budget)),
              "t",
              null,
              Duration.ofSeconds(60),
              workers::failed);
      tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      coordinator.close(job, true);
    }
    workers.join();

    assertThat(tookMillis)
        .as("asking again ends within its time and one request's timeout")
        .isLessThanOrEqualTo(budget.plus(timeout).toMillis());
    assertThat(written).isNotEmpty();
    Instant askUntil = written.get(0).askUntil();
    assertThat(written)
        .as("every task carries the end of the check's time for asking again")
        .allSatisfy(t -> assertThat(t.askUntil()).isEqualTo(askUntil));
    assertThat(candidate.repeatArrivals).isNotEmpty();
    assertThat(candidate.repeatArrivals)
        .as("no ask was started after " + askUntil)
        .allSatisfy(at -> assertThat(at).isBefore(askUntil.plusMillis(200)));
    int plannedAsks = written.stream().mapToInt(RepeatTask::times).sum();
    assertThat((long) candidate.repeatsOfLimits())
        .as("the asks not started were left")
        .isLessThan(plannedAsks)
        // the asks left count neither as sent nor as errors
        .isEqualTo(result.repeats().exchanges());
    assertThat(result.repeats().errors()).isZero();
    assertThat(result.repeats().endedBecause())
        .isEqualTo("the check's time for asking again (1.5 s) is spent");
    for (String name : List.of("alpha", "beta")) {
      Finding limit = finding(result, "GET /limits/" + name, "/body/limit");
      assertThat(limit.verdict()).as(limit.reason()).isEqualTo(Verdict.UNDECIDED);
      assertThat(limit.reason()).contains("the check's time for asking again (1.5 s) is spent");
    }
  }

  @Test
  void aTaskClaimedAfterItsTimeRanOutIsCompletedWithoutAnAsk() throws Exception {
    StoredCheckJob job =
        new CheckCoordinator(store, Clock.systemUTC())
            .open(CheckCoordinator.snapshot(stream, settings()), "stream " + stream);
    String runId = job.runId();
    Instant now = Instant.now();
    store.addRepeatTasks(
        runId,
        List.of(
            RepeatTask.of(1, 1, line(get("late", "/items/1")), 4, now.minusMillis(1)),
            RepeatTask.of(2, 1, line(get("in-time", "/items/2")), 2, now.plusSeconds(60))));
    CheckJobSettings s = CheckJobSettings.fromJson(runId, job.settingsJson());
    long asked;
    try (UpstreamClient client = new UpstreamClient(s.replay().clientSettings())) {
      asked =
          new RepeatTaskWorker(
                  store,
                  "w1",
                  runId,
                  s,
                  new BatchReplayer(s.replay(), client),
                  Duration.ofMinutes(1))
              .serve(() -> store.repeatProgress(runId).pending() == 0);
    }

    assertThat(asked).isEqualTo(2);
    assertThat(store.repeatProgress(runId).done()).as("both tasks are done").isEqualTo(2);
    List<RepeatAnswer> answers = new ArrayList<>();
    store.forEachRepeatAnswer(runId, 1, answers::add);
    assertThat(answers)
        .extracting(RepeatAnswer::exchangeId)
        .containsExactly("in-time~r1.1", "in-time~r1.2");
    for (Build b : List.of(primary, secondary, candidate)) {
      assertThat(b.hits("GET /items/1")).as("nothing asked after its time").isZero();
      assertThat(b.hits("GET /items/2")).isEqualTo(2);
    }
  }

  private static String line(Exchange exchange) {
    return new String(ExchangeRecords.line(exchange), StandardCharsets.UTF_8);
  }

  @Test
  void aStreamThatDecidesOnItsOwnAsksNothingAgain() throws Exception {
    publish(traffic(20, List.of()));
    CheckCoordinator coordinator = new CheckCoordinator(store, Clock.systemUTC());
    StoredCheckJob job =
        coordinator.open(CheckCoordinator.snapshot(stream, settings()), "stream " + stream);
    Workers workers = new Workers(job, WorkerSettings.DEFAULT, "w1");
    CheckResult result;
    try (CheckCoordinator.Heartbeat alive = coordinator.keepAlive(job)) {
      coordinator.awaitWorkers(job, Duration.ofSeconds(60), n -> {}, workers::failed);
      result =
          coordinator.judgeAskingAgain(
              job, aggregator(settings()), "t", null, Duration.ofSeconds(5), workers::failed);
      assertThat(store.repeatProgress(job.runId()).tasks()).as("no task written").isZero();
      coordinator.close(job, true);
    }
    assertThat(workers.join()).singleElement().satisfies(s -> assertThat(s.askedAgain()).isZero());

    assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.PASS);
    assertThat(result.repeats().exchanges()).isZero();
    assertThat(result.repeats().rounds()).isZero();
    for (Build b : List.of(primary, secondary, candidate)) {
      assertThat(b.hits.values()).allSatisfy(n -> assertThat(n.get()).isOne());
    }
  }

  @Test
  void aWorkerKilledWhileItHoldsARepeatTaskDelaysTheCheckByTheClaimTimeoutOnly() throws Exception {
    publish(traffic(20, List.of("alpha")));
    CountDownLatch hold = new CountDownLatch(1);
    candidate.holdRepeats = hold; // the first worker's ask hangs until it is dead
    Path db = dir.resolve("spotter.db");
    Path reportDir = dir.resolve("report");
    CompletableFuture<Cli.Result> check =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "check",
                    "--store",
                    db.toString(),
                    "--primary",
                    primary.url(),
                    "--secondary",
                    secondary.url(),
                    "--candidate",
                    candidate.url(),
                    "--from",
                    stream.toString(),
                    "--wait-for-workers",
                    "--claim-timeout",
                    "2s",
                    "--stall-timeout",
                    "60s",
                    "--report",
                    reportDir.toString()));
    String runId =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> store.openCheckJobs().stream().findFirst().map(StoredCheckJob::runId),
                java.util.Optional::isPresent)
            .orElseThrow();
    Path w1Dir = Files.createDirectories(dir.resolve("w1"));
    ChildSpotter doomed =
        ChildSpotter.start(
            w1Dir, "worker", "--store", db.toString(), "--name", "w1", "--run", runId);
    Workers survivor;
    long killedAt;
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  store.repeatProgress(runId).claims() >= 1
                      && candidate.hits("GET /limits/alpha") >= 2);
      assertThat(store.repeatProgress(runId).done()).as("killed while holding its task").isZero();
      doomed.kill(); // SIGKILL: its claim is never renewed, its answers never stored
      killedAt = System.nanoTime();
      hold.countDown();
      candidate.holdRepeats = null;
      survivor = new Workers(store.checkJob(runId).orElseThrow(), WorkerSettings.DEFAULT, "w2");
    } finally {
      doomed.close();
    }

    Cli.Result result = check.get(120, TimeUnit.SECONDS);
    long afterKill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    survivor.join();

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out())
        .contains("w1 replayed 21")
        .containsPattern("w2 replayed 0, asked again \\d+");
    assertThat(afterKill)
        .as("the task waited for the claim timeout (2 s), not for the stall timeout (60 s)")
        .isLessThan(30_000);
    JsonNode report = JSON.readTree(reportDir.resolve("report.json").toFile());
    assertThat(report.path("summary").path("verdict").asText()).isEqualTo("fail");
    assertThat(regressingEndpoints(report)).containsExactly("GET /limits/alpha");
    assertThat(store.checkJob(runId).orElseThrow().state()).isEqualTo("finished");
  }

  @Test
  void aCheckFromTheStreamInOneProcessAsksAgainThroughItsOwnWorker() throws Exception {
    publish(traffic(20, List.of("alpha", "beta")));
    Path reportDir = dir.resolve("report");
    Cli.Result result =
        Cli.run(
            "check",
            "--store",
            dir.resolve("spotter.db").toString(),
            "--primary",
            primary.url(),
            "--secondary",
            secondary.url(),
            "--candidate",
            candidate.url(),
            "--from",
            stream.toString(),
            "--report",
            reportDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out()).containsPattern("local-1 replayed 22, asked again \\d+");
    JsonNode report = JSON.readTree(reportDir.resolve("report.json").toFile());
    assertThat(report.path("summary").path("verdict").asText()).isEqualTo("fail");
    assertThat(regressingEndpoints(report))
        .containsExactlyInAnyOrder("GET /limits/alpha", "GET /limits/beta");
    assertThat(candidate.hits("GET /limits/alpha")).isGreaterThan(1);
  }

  @Test
  void repeatsNoWorkerTakesStallTheCheckWithAMessageNamingThem() throws Exception {
    publish(traffic(10, List.of("alpha")));
    CheckCoordinator coordinator = new CheckCoordinator(store, Clock.systemUTC());
    StoredCheckJob job =
        coordinator.open(CheckCoordinator.snapshot(stream, settings()), "stream " + stream);
    CheckJobSettings s = CheckJobSettings.fromJson(job.runId(), job.settingsJson());
    // a worker that replays the stream and goes away before anything is asked again
    BooleanSupplier partitionsDone =
        () -> Completion.of(s, store.replayProgress(job.runId())).complete();
    new ReplayWorker(store, "w1", WorkerSettings.DEFAULT).work(job, partitionsDone);
    coordinator.awaitWorkers(job, Duration.ofSeconds(10), n -> {}, () -> false);

    assertThatThrownBy(
            () ->
                coordinator.judgeAskingAgain(
                    job, aggregator(settings()), "t", null, Duration.ofSeconds(1), () -> false))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("run " + job.runId())
        .hasMessageContaining("asking requests again")
        .hasMessageContaining("round 1: 0 of 1 repeat tasks done")
        .hasMessageContaining("spotter worker")
        .extracting(e -> ((SpotterException) e).code())
        .isEqualTo("fleet.stalled");
    coordinator.close(job, false);
    assertThat(store.repeatProgress(job.runId()).tasks()).as("closed with the job").isZero();
  }

  @Test
  void aWorkerLeavesAJobWhoseCoordinatorFellSilentYetAWaitingRepeatTaskIsWorkAgain()
      throws Exception {
    publish(traffic(10, List.of()));
    StoredCheckJob job =
        new CheckCoordinator(store, Clock.systemUTC())
            .open(CheckCoordinator.snapshot(stream, settings()), "stream " + stream);
    // no heartbeat: the coordinator died right after opening the job
    WorkerSettings patient = WorkerSettings.DEFAULT.withCoordinatorSilence(Duration.ofSeconds(1));
    ReplayWorker.Share share =
        CompletableFuture.supplyAsync(
                () -> new ReplayWorker(store, "w1", patient).work(job, () -> false))
            .get(60, TimeUnit.SECONDS);

    assertThat(share.replayed()).isEqualTo(10);
    StoredCheckJob now = store.checkJob(job.runId()).orElseThrow();
    assertThat(now.state()).as("nobody closed it").isEqualTo("open");
    assertThat(ReplayWorker.hasWork(store, now)).isFalse();
    store.addRepeatTasks(
        job.runId(),
        List.of(
            RepeatTask.of(
                1,
                1,
                new String(
                    ExchangeRecords.line(traffic(1, List.of()).get(0)), StandardCharsets.UTF_8),
                2,
                Instant.now().plusSeconds(60))));
    assertThat(ReplayWorker.hasWork(store, now)).as("a repeat task waits").isTrue();
  }

  /** Worker threads in this process, each a member of the check as a `spotter worker` would be. */
  private final class Workers {
    private final List<Thread> threads = new ArrayList<>();
    private final List<ReplayWorker.Share> shares = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    Workers(StoredCheckJob job, WorkerSettings settings, String... names) {
      for (String name : names) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    ReplayWorker.Share s =
                        new ReplayWorker(store, name, settings).work(job, stop::get);
                    synchronized (shares) {
                      shares.add(s);
                    }
                  } catch (Throwable e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                },
                "test-worker-" + name);
        t.start();
        threads.add(t);
      }
    }

    boolean failed() {
      synchronized (failures) {
        return !failures.isEmpty();
      }
    }

    /** Waits for every worker to leave the (closed) job; fails the test with their failures. */
    List<ReplayWorker.Share> join() throws InterruptedException {
      for (Thread t : threads) {
        t.join(30_000);
        if (t.isAlive()) {
          stop.set(true);
          t.join(30_000);
          throw new AssertionError(t.getName() + " did not leave the closed job");
        }
      }
      synchronized (failures) {
        if (!failures.isEmpty()) {
          throw new AssertionError("a worker failed", failures.get(0));
        }
      }
      return List.copyOf(shares);
    }
  }

  private ReplaySettings settings() {
    return ReplaySettings.of(primary.url(), secondary.url(), candidate.url()).withConcurrency(4);
  }

  private static ReplayAggregator aggregator(ReplaySettings settings) {
    return aggregator(settings, RepeatSettings.defaults());
  }

  private static ReplayAggregator aggregator(ReplaySettings settings, RepeatSettings repeats) {
    return new ReplayAggregator(
        settings,
        repeats,
        new ResponseDiffer(DiffSettings.defaults()),
        new EndpointGrouper(List.of()),
        new FindingCollector(NoiseSettings.defaults()),
        UnaryOperator.identity());
  }

  private static CheckResult checkInOneProcess(List<Exchange> traffic, ReplaySettings settings) {
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      return new ReplayEngine(
              settings,
              RepeatSettings.defaults(),
              client,
              new ResponseDiffer(DiffSettings.defaults()),
              new EndpointGrouper(List.of()),
              new FindingCollector(NoiseSettings.defaults()),
              ReplayProgress.NONE,
              UnaryOperator.identity())
          .run(traffic.iterator(), traffic.size(), "t");
    }
  }

  /** {@code items} requests for items, then one request for each named limit. */
  private List<Exchange> traffic(int items, List<String> limits) {
    List<Exchange> traffic = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      traffic.add(get("cap-" + stream.topic() + "-" + i, "/items/" + i));
    }
    for (String name : limits) {
      traffic.add(get("cap-" + stream.topic() + "-" + name, "/limits/" + name));
    }
    return traffic;
  }

  private static Exchange get(String id, String path) {
    return new Exchange(
        id, new HttpRequestData("GET", path, Headers.EMPTY, null), null, null, -1, "test");
  }

  private void publish(List<Exchange> traffic) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(stream, "test"))) {
      for (Exchange e : traffic) {
        producer.send(ExchangeRecords.toRecord(stream.topic(), e, "c", "test"));
      }
      producer.flush();
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

  /** Every regression of a result: endpoint, path and kind. */
  private static List<String> regressions(CheckResult result) {
    List<String> found = new ArrayList<>();
    result
        .endpoints()
        .forEach(
            e ->
                e.findings().stream()
                    .filter(Finding::isRegression)
                    .forEach(f -> found.add(e.endpoint() + " " + f.path() + " " + f.kind())));
    found.sort(null);
    return found;
  }

  /**
   * Endpoints with a regression, their own or their part of a change across endpoints (the same
   * change on alpha and beta may be judged on both together and reported once).
   */
  private static List<String> regressingEndpoints(JsonNode report) {
    List<String> endpoints = new ArrayList<>();
    for (JsonNode e : report.path("endpoints")) {
      for (JsonNode f : e.path("findings")) {
        if ("regression".equals(f.path("verdict").asText())) {
          endpoints.add(e.path("endpoint").asText());
          break;
        }
      }
    }
    return endpoints;
  }
}
