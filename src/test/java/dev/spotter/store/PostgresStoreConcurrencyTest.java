package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Exchange;
import dev.spotter.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several processes (here: several {@link Store} instances, each with its own pool) and several
 * threads of each writing to one PostgreSQL database at once, while others read: nothing lost,
 * nothing doubled, every read consistent.
 */
class PostgresStoreConcurrencyTest {
  private static final long SEED = 20_261_127L;

  private TestPostgres.Database db;
  private final List<Store> stores = new ArrayList<>();
  private ExecutorService pool;

  @BeforeEach
  void createDatabase() {
    db = TestPostgres.freshDatabase();
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (pool != null) { // null when the test was skipped for want of PostgreSQL
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    stores.forEach(Store::close);
    if (db != null) {
      db.close();
    }
  }

  private Store open() {
    Store store = Stores.open(db.url());
    stores.add(store);
    return store;
  }

  /** Runs the tasks at once and waits for all; the first failure fails the test. */
  private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(task));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(120, TimeUnit.SECONDS));
    }
    return results;
  }

  private static int activeConnections(Store store) {
    return ((PostgresDatabase) ((JdbcStore) store).database()).activeConnections();
  }

  @Test
  void severalStoresAndThreadsAppendingOverlappingCaptureIdsStoreEachExchangeExactlyOnce()
      throws Exception {
    int storeCount = 3;
    int threadsPerStore = 4;
    int threads = storeCount * threadsPerStore;
    int unique = 1200;
    for (int s = 0; s < storeCount; s++) {
      open();
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicLong added = new AtomicLong();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Store store = stores.get(t % storeCount);
      tasks.add(
          () -> {
            Random random = new Random(SEED + thread);
            List<Integer> ids = new ArrayList<>();
            for (int n = thread; n < unique; n += threads) {
              ids.add(n); // its own share, so that together they cover every id
            }
            for (int i = 0; i < 400; i++) {
              ids.add(random.nextInt(unique)); // and ids that others send too
            }
            Collections.shuffle(ids, random);
            start.await();
            for (int from = 0; from < ids.size(); ) {
              int to = Math.min(ids.size(), from + 1 + random.nextInt(40));
              List<Exchange> batch = new ArrayList<>();
              for (int n : ids.subList(from, to)) {
                batch.add(StoreSamples.order(n).withId("cap-" + n));
              }
              added.addAndGet(store.appendCaptured("live", batch));
              from = to;
            }
            return null;
          });
    }
    runAll(tasks);

    String seed = "seed " + SEED;
    assertThat(added.get()).as("exchanges reported new, " + seed).isEqualTo(unique);
    Store reader = open();
    assertThat(reader.corpus("live").orElseThrow().exchanges()).as(seed).isEqualTo(unique);
    List<Exchange> stored = StoreContract.readAll(reader, "live");
    Set<String> urls = new HashSet<>();
    stored.forEach(e -> urls.add(e.request().url()));
    assertThat(stored).as(seed).hasSize(unique);
    assertThat(urls).as("no exchange twice, " + seed).hasSize(unique);
    for (int n = 0; n < unique; n++) {
      assertThat(urls).contains("http://orders.local/orders/" + n + "?expand=items");
    }
    for (Store store : stores) {
      assertThat(activeConnections(store)).isZero();
    }
  }

  @Test
  void readersListAndStreamConsistentSnapshotsWhileWritersWrite() throws Exception {
    Store writerA = open();
    Store writerB = open();
    Store dashboard = open();
    int batch = 20;
    int batches = 60;
    writerA.append("live", List.of()); // nothing: the corpus comes with the first batch
    writerA.append("live", orders(0, batch));
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Callable<Long>> tasks = new ArrayList<>();
    for (Store writer : List.of(writerA, writerB)) {
      tasks.add(
          () -> {
            for (int i = 1; i < batches; i++) {
              writer.append("live", orders(i * batch, batch));
              if (i % 10 == 0) {
                writer.saveRun(
                    new StoredRun(null, "check", "live", Instant.now(), null, "pass", i, 0, "{}"));
              }
            }
            return 0L;
          });
    }
    for (Store reader : List.of(dashboard, writerA)) {
      tasks.add(
          () -> {
            long streams = 0;
            long last = 0;
            do {
              long listed = reader.corpora().get(0).exchanges();
              assertThat(listed % batch).as("a batch is seen whole or not at all").isZero();
              try (ExchangeCursor cursor = reader.read("live")) {
                long expected = cursor.expectedCount();
                assertThat(expected).isGreaterThanOrEqualTo(Math.max(last, listed));
                long rows = 0;
                while (cursor.hasNext()) {
                  cursor.next();
                  rows++;
                }
                assertThat(rows).as("the count matches the rows streamed").isEqualTo(expected);
                last = expected;
              }
              reader.recentRuns(10);
              streams++;
            } while (writing.get());
            return streams;
          });
    }
    List<Future<Long>> futures = new ArrayList<>();
    for (Callable<Long> task : tasks) {
      futures.add(pool.submit(task));
    }
    futures.get(0).get(120, TimeUnit.SECONDS);
    futures.get(1).get(120, TimeUnit.SECONDS);
    writing.set(false);
    assertThat(futures.get(2).get(120, TimeUnit.SECONDS)).isPositive();
    assertThat(futures.get(3).get(120, TimeUnit.SECONDS)).isPositive();

    long total = batch + 2L * (batches - 1) * batch;
    assertThat(dashboard.corpus("live").orElseThrow().exchanges()).isEqualTo(total);
    assertThat(StoreContract.readAll(dashboard, "live")).hasSize((int) total);
    assertThat(dashboard.recentRuns(100)).hasSize(2 * 5);
    for (Store store : stores) {
      assertThat(activeConnections(store)).isZero();
    }
  }

  private static List<Exchange> orders(int first, int count) {
    List<Exchange> list = new ArrayList<>();
    for (int n = first; n < first + count; n++) {
      list.add(StoreSamples.order(n));
    }
    return list;
  }

  @Test
  void storesOpeningOneFreshDatabaseAtOnceAllSucceedAndMigrateItOnce() throws Exception {
    int openers = 4;
    CyclicBarrier start = new CyclicBarrier(openers);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < openers; i++) {
      int n = i;
      tasks.add(
          () -> {
            start.await();
            try (Store store = Stores.open(db.url())) {
              return store.appendCaptured("c", List.of(StoreSamples.order(n).withId("o" + n)));
            }
          });
    }
    assertThat(runAll(tasks)).containsOnly(1);
    try (Connection c = DriverManager.getConnection(db.url());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
      List<String> versions = new ArrayList<>();
      while (rs.next()) {
        assertThat(rs.getBoolean(2)).isTrue();
        versions.add(rs.getString(1));
      }
      assertThat(versions).containsExactly("1", "2", "3", "4", "5", "6", "7");
    }
  }

  @Test
  void workersSavingOverlappingResultsStoreEachOnceAndProgressOnlyMovesForward() throws Exception {
    int workers = 6;
    int partitions = 4;
    int perPartition = 300;
    for (int s = 0; s < 3; s++) {
      open();
    }
    CyclicBarrier start = new CyclicBarrier(workers);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      Store store = stores.get(w % stores.size());
      tasks.add(
          () -> {
            Random random = new Random(SEED * 31 + worker);
            int added = 0;
            start.await();
            // every worker replays every partition in chunks, as if each had restarted from an
            // old offset: maximal overlap, and progress reported in any order
            for (int round = 0; round < 30; round++) {
              int partition = random.nextInt(partitions);
              int from = random.nextInt(perPartition);
              int to = Math.min(perPartition, from + 1 + random.nextInt(50));
              List<ReplayResult> results = new ArrayList<>();
              for (int offset = from; offset < to; offset++) {
                results.add(
                    new ReplayResult(
                        partition + ":" + offset, partition, offset, "w" + worker, "{}"));
              }
              added +=
                  store.saveReplayResults(
                      "run-1", results, List.of(new PartitionProgress(partition, to)));
            }
            for (int partition = 0; partition < partitions; partition++) {
              List<ReplayResult> all = new ArrayList<>();
              for (int offset = 0; offset < perPartition; offset++) {
                all.add(
                    new ReplayResult(
                        partition + ":" + offset, partition, offset, "w" + worker, "{}"));
              }
              Collections.shuffle(all, random);
              added +=
                  store.saveReplayResults(
                      "run-1", all, List.of(new PartitionProgress(partition, perPartition)));
            }
            return added;
          });
    }
    int added = runAll(tasks).stream().mapToInt(Integer::intValue).sum();
    String seed = "seed " + SEED;
    assertThat(added).as(seed).isEqualTo(partitions * perPartition);
    Store reader = stores.get(0);
    assertThat(reader.replayResultCount("run-1")).as(seed).isEqualTo(partitions * perPartition);
    Map<Integer, Long> progress = reader.replayProgress("run-1");
    assertThat(progress).as(seed).hasSize(partitions).containsValues((long) perPartition);
    assertThat(new HashSet<>(progress.values())).containsExactly((long) perPartition);
  }

  @Test
  void aCanaryCommandIsTakenByExactlyOneOfSeveralProcesses() throws Exception {
    for (int s = 0; s < 3; s++) {
      open();
    }
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    stores
        .get(0)
        .saveCanary(new StoredCanary("orders", "running", 1, 500, "salt", t0, t0, null, "{}"));
    int takers = 6;
    for (int round = 0; round < 15; round++) {
      assertThat(stores.get(round % 3).leaveCanaryCommand("orders", "abort")).isTrue();
      CyclicBarrier start = new CyclicBarrier(takers);
      List<Callable<Optional<String>>> tasks = new ArrayList<>();
      for (int i = 0; i < takers; i++) {
        Store store = stores.get(i % 3);
        tasks.add(
            () -> {
              start.await();
              return store.takeCanaryCommand("orders");
            });
      }
      assertThat(runAll(tasks).stream().filter(Optional::isPresent).count())
          .as("round %d", round)
          .isOne();
    }
  }

  @Test
  void ofTwoPeopleSavingAnIncidentAtOnceExactlyOneEditIsKept() throws Exception {
    Store first = open();
    Store second = open();
    Instant t0 = Instant.parse("2026-11-20T14:00:00Z");
    long id =
        first.saveIncident(new StoredIncident(0, "t", "sev2", "open", t0, null, 0, t0, t0, "{}"));
    for (int round = 1; round <= 10; round++) {
      long version = round;
      CyclicBarrier start = new CyclicBarrier(2);
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (Store store : List.of(first, second)) {
        tasks.add(
            () -> {
              StoredIncident edit =
                  new StoredIncident(
                      id, "edit of " + store, "sev2", "open", t0, null, version, t0, t0, "{}");
              start.await();
              return store.updateIncident(edit, version);
            });
      }
      assertThat(runAll(tasks)).containsExactlyInAnyOrder(true, false);
    }
    assertThat(first.incident(id).orElseThrow().version()).isEqualTo(11);
  }
}
