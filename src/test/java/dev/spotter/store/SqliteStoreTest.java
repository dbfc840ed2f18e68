package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteStoreTest {
  @TempDir Path dir;

  private SqliteStore open() {
    return SqliteStore.open(dir.resolve("spotter.db"));
  }

  @Test
  void exchangesReadBackExactlyAsAppendedWithRowIdsAsIds() {
    List<Exchange> appended =
        List.of(StoreSamples.order(1), StoreSamples.awkward(), StoreSamples.aborted());
    try (SqliteStore store = open()) {
      List<String> ids = store.append("prod", appended);
      assertThat(ids).hasSize(3);
      assertThat(ids.stream().map(Long::parseLong)).isSorted();

      List<Exchange> read = readAll(store, "prod");
      assertThat(read).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(read.get(i)).isEqualTo(appended.get(i).withId(ids.get(i)));
      }
      // duplicates and order of headers survive, names keep their spelling
      assertThat(read.get(1).request().headers().all("x-trace")).containsExactly("b", "a", "c");
      assertThat(read.get(1).request().headers().entries().get(2).name()).isEqualTo("x-trace");
      assertThat(read.get(1).response().body().truncated()).isTrue();
      assertThat(read.get(1).response().body().originalSize()).isEqualTo(5000);
      assertThat(read.get(2).response()).isNull();
      assertThat(read.get(1).startedAt()).isNull();
      assertThat(read.get(1).durationMicros()).isEqualTo(-1);
    }
  }

  @Test
  void dataSurvivesClosingAndReopening() {
    try (SqliteStore store = open()) {
      store.append("prod", List.of(StoreSamples.order(1), StoreSamples.order(2)));
    }
    try (SqliteStore store = open()) {
      assertThat(readAll(store, "prod"))
          .extracting(e -> e.request().url())
          .containsExactly(
              "http://orders.local/orders/1?expand=items",
              "http://orders.local/orders/2?expand=items");
    }
  }

  @Test
  void openCreatesMissingParentDirectories() {
    Path nested = dir.resolve("a/b/.spotter/spotter.db");
    try (SqliteStore store = SqliteStore.open(nested)) {
      store.append("c", List.of(StoreSamples.order(1)));
    }
    assertThat(nested).isRegularFile();
  }

  @Test
  void storeIsOpenedWithWalFullSynchronousAndABusyTimeout() {
    try (SqliteStore store = open()) {
      assertThat(store.pragma("journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
      assertThat(Long.parseLong(store.pragma("busy_timeout"))).isEqualTo(5000);
      assertThat(store.pragma("foreign_keys")).isEqualTo("1");
    }
  }

  @Test
  void appendIsAllOrNothingWhenOneExchangeOfTheBatchFails() throws Exception {
    Path file = dir.resolve("spotter.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.append("prod", List.of(StoreSamples.order(1)));
    }
    // a real failure inside the transaction: the third insert is refused by the database
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER refuse_boom BEFORE INSERT ON exchanges WHEN NEW.url LIKE '%/boom'"
              + " BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
    }
    Exchange boom =
        StoreSamples.order(3).withRequest(StoreSamples.order(3).request().withUrl("/boom"));
    try (SqliteStore store = SqliteStore.open(file)) {
      assertThatThrownBy(
              () ->
                  store.append("prod", List.of(StoreSamples.order(2), StoreSamples.order(4), boom)))
          .isInstanceOf(SpotterException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("boom refused");
      assertThatThrownBy(() -> store.append("fresh", List.of(StoreSamples.order(2), boom)))
          .isInstanceOf(SpotterException.class);

      assertThat(readAll(store, "prod")).hasSize(1);
      assertThat(store.corpus("fresh")).isEmpty();
      // and the store goes on working after the failure
      store.append("prod", List.of(StoreSamples.order(5)));
      assertThat(store.corpus("prod").orElseThrow().exchanges()).isEqualTo(2);
    }
  }

  @Test
  void cursorStreamsALargeCorpusAndAppendsGoOnWhileItIsOpen() {
    try (SqliteStore store = open()) {
      List<Exchange> batch = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        batch.add(StoreSamples.order(i));
      }
      store.append("big", batch);
      try (ExchangeCursor cursor = store.read("big")) {
        assertThat(cursor.expectedCount()).isEqualTo(3000);
        int seen = 0;
        long lastId = -1;
        while (cursor.hasNext()) {
          Exchange e = cursor.next();
          assertThat(Long.parseLong(e.id())).isGreaterThan(lastId);
          lastId = Long.parseLong(e.id());
          if (seen == 10) {
            // the cursor holds a snapshot; writers are not blocked by it
            store.append("big", List.of(StoreSamples.order(99_999)));
          }
          seen++;
        }
        assertThat(seen).isEqualTo(3000);
        assertThat(cursor.hasNext()).isFalse();
      }
      assertThat(store.corpus("big").orElseThrow().exchanges()).isEqualTo(3001);
    }
  }

  @Test
  void readingAMissingCorpusNamesTheCorporaThereAre() {
    try (SqliteStore store = open()) {
      store.append("prod", List.of(StoreSamples.order(1)));
      store.append("staging", List.of(StoreSamples.order(1)));
      assertThatThrownBy(() -> store.read("prdo"))
          .isInstanceOf(SpotterException.class)
          .hasMessageContaining("no corpus named 'prdo'")
          .hasMessageContaining("prod, staging")
          .extracting(e -> ((SpotterException) e).code())
          .isEqualTo("store.no_such_corpus");
    }
  }

  @Test
  void corporaAreListedByNameWithCountsAndTimes() {
    try (SqliteStore store =
        SqliteStore.open(
            dir.resolve("spotter.db"),
            SqliteStore.DEFAULT_BUSY_TIMEOUT,
            ticking(new AtomicLong(1_700_000_000)))) {
      store.append("zeta", List.of(StoreSamples.order(1)));
      store.append("alpha", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      store.append("alpha", List.of(StoreSamples.order(3)));

      assertThat(store.corpora()).extracting(CorpusInfo::name).containsExactly("alpha", "zeta");
      CorpusInfo alpha = store.corpus("alpha").orElseThrow();
      assertThat(alpha.exchanges()).isEqualTo(3);
      assertThat(alpha.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_060));
      assertThat(alpha.updatedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_120));
      assertThat(store.corpus("nope")).isEmpty();
    }
  }

  @Test
  void deletingACorpusRemovesItsExchangesOnly() {
    try (SqliteStore store = open()) {
      store.append("old", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      store.append("keep", List.of(StoreSamples.order(3)));
      assertThat(store.deleteCorpus("old")).isTrue();
      assertThat(store.deleteCorpus("old")).isFalse();
      assertThat(store.corpora()).extracting(CorpusInfo::name).containsExactly("keep");
      assertThat(readAll(store, "keep")).hasSize(1);
      // ids are never reused, so a report that cites an old id cannot point at a new exchange
      List<String> ids = store.append("old", List.of(StoreSamples.order(4)));
      assertThat(Long.parseLong(ids.get(0))).isGreaterThan(3);
    }
  }

  @Test
  void runsAreSavedAndListedNewestFirstWithoutTheirReports() {
    Instant t0 = Instant.parse("2024-05-02T09:00:00Z");
    try (SqliteStore store = open()) {
      String first = store.saveRun(run(t0, "pass", "{\"n\":1}"));
      String second = store.saveRun(run(t0.plusSeconds(600), "fail", "{\"n\":2}"));
      String third = store.saveRun(run(t0.plusSeconds(300), "pass", "{\"n\":3}"));

      assertThat(store.recentRuns(10))
          .extracting(StoredRun::id)
          .containsExactly(second, third, first);
      assertThat(store.recentRuns(10)).allSatisfy(r -> assertThat(r.reportJson()).isNull());
      assertThat(store.recentRuns(2)).hasSize(2);

      StoredRun stored = store.run(second).orElseThrow();
      assertThat(stored.reportJson()).isEqualTo("{\"n\":2}");
      assertThat(stored.verdict()).isEqualTo("fail");
      assertThat(stored.startedAt()).isEqualTo(t0.plusSeconds(600));
      assertThat(stored.finishedAt()).isEqualTo(t0.plusSeconds(660));
      assertThat(stored.requests()).isEqualTo(120);
      assertThat(stored.regressions()).isEqualTo(3);
      assertThat(store.run("424242")).isEmpty();
      assertThat(store.run("not-a-number")).isEmpty();
    }
  }

  @Test
  void importsAreFoundByCorpusAndHashAndForgottenWithTheirCorpus() {
    Instant at = Instant.parse("2026-11-24T10:00:00.123456Z");
    Clock fixed = Clock.fixed(at, ZoneOffset.UTC);
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    try (SqliteStore store =
        SqliteStore.open(dir.resolve("spotter.db"), SqliteStore.DEFAULT_BUSY_TIMEOUT, fixed)) {
      store.append("web", List.of(StoreSamples.order(1)));
      ImportRecord recorded = store.recordImport("web", "traffic.har", hash, 800);

      assertThat(recorded).isEqualTo(new ImportRecord("web", "traffic.har", hash, 800, at));
      assertThat(store.findImport("web", hash)).contains(recorded);
      assertThat(store.findImport("web", hash.replace('9', '8'))).isEmpty();
      assertThat(store.findImport("other", hash)).isEmpty();

      assertThat(store.deleteCorpus("web")).isTrue();
      assertThat(store.findImport("web", hash)).isEmpty();
    }
  }

  @Test
  void theLatestOfSeveralImportsOfTheSameBytesIsFoundAndAnImportCreatesItsCorpus() {
    try (SqliteStore store =
        SqliteStore.open(
            dir.resolve("spotter.db"),
            SqliteStore.DEFAULT_BUSY_TIMEOUT,
            ticking(new AtomicLong(1_700_000_000)))) {
      store.recordImport("fresh", "a.har", "abc", 1);
      store.recordImport("fresh", "copy-of-a.har", "abc", 1);
      assertThat(store.corpus("fresh")).isPresent();
      assertThat(store.findImport("fresh", "abc").orElseThrow().fileName())
          .isEqualTo("copy-of-a.har");
    }
  }

  @Test
  void aStoreOfSchemaVersionOneIsMigratedWithItsDataKept() {
    Path file = dir.resolve("v1.db");
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(ds)
        .locations("classpath:db/migration")
        .table(SchemaMigrator.HISTORY_TABLE)
        .target("1")
        .load()
        .migrate();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'imports'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("a version 1 schema has no imports table").isZero();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      store.append("old", List.of(StoreSamples.order(1)));
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(readAll(store, "old")).hasSize(1);
      store.recordImport("old", "x.har", "abc", 1);
      assertThat(store.findImport("old", "abc")).isPresent();
    }
  }

  /** A clock that moves a minute on from {@code seconds} each time it is read. */
  private static Clock ticking(AtomicLong seconds) {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochSecond(seconds.getAndAdd(60));
      }
    };
  }

  private static StoredRun run(Instant started, String verdict, String report) {
    return new StoredRun(
        null, "check", "corpus demo", started, started.plusSeconds(60), verdict, 120, 3, report);
  }

  static List<Exchange> readAll(Store store, String corpus) {
    List<Exchange> list = new ArrayList<>();
    try (ExchangeCursor cursor = store.read(corpus)) {
      cursor.forEachRemaining(list::add);
    }
    return list;
  }

  @Test
  void aNewStoreHasNoCorporaAndNoRuns() throws Exception {
    try (SqliteStore store = open()) {
      assertThat(store.corpora()).isEmpty();
      assertThat(store.recentRuns(5)).isEmpty();
    }
    assertThat(Files.size(dir.resolve("spotter.db"))).isPositive();
  }
}
