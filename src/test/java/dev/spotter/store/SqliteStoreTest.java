package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The store contract on an SQLite file, and what only SQLite does. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("spotter.db");
  }

  @Override
  Store open(Clock clock) {
    return SqliteStore.open(file(), SqliteStore.DEFAULT_BUSY_TIMEOUT, clock);
  }

  @Override
  String where() {
    return file().toAbsolutePath().normalize().toString();
  }

  @Override
  void refuseBoomExchanges() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER refuse_boom BEFORE INSERT ON exchanges WHEN NEW.url LIKE '%/boom'"
              + " BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
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
  void theStoreItsWriteAheadLogAndTheDirectoriesItMadeAreReadableByTheOwnerOnly() throws Exception {
    Path nested = dir.resolve("a/b/spotter.db");
    try (SqliteStore store = SqliteStore.open(nested)) {
      store.append("c", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      // while the store is open the pages written sit in the -wal and -shm beside it
      Path wal = nested.resolveSibling("spotter.db-wal");
      Path shm = nested.resolveSibling("spotter.db-shm");
      assertThat(wal).isNotEmptyFile();
      assertThat(permissions(wal)).isEqualTo("rw-------");
      assertThat(permissions(shm)).isEqualTo("rw-------");
    }
    assertThat(permissions(nested)).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("a/b"))).isEqualTo("rwx------");
  }

  @Test
  void aStoreLeftReadableByOthersIsNarrowedWhenOpened() throws Exception {
    try (SqliteStore store = SqliteStore.open(file())) {
      store.append("c", List.of(StoreSamples.order(1)));
    }
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

    try (SqliteStore store = SqliteStore.open(file())) {
      store.append("c", List.of(StoreSamples.order(2)));
      assertThat(permissions(file().resolveSibling("spotter.db-wal"))).isEqualTo("rw-------");
    }
    assertThat(permissions(file())).isEqualTo("rw-------");
  }

  private static String permissions(Path p) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void storeIsOpenedWithWalFullSynchronousAndABusyTimeout() {
    try (SqliteStore store = SqliteStore.open(file())) {
      assertThat(store.pragma("journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
      assertThat(Long.parseLong(store.pragma("busy_timeout"))).isEqualTo(5000);
      assertThat(store.pragma("foreign_keys")).isEqualTo("1");
    }
  }

  @Test
  void aPathGivenToStoresOpensAnSqliteFile() throws Exception {
    try (Store store = Stores.open(file().toString())) {
      assertThat(store).isInstanceOf(SqliteStore.class);
      assertThat(((SqliteStore) store).file()).isEqualTo(file().toAbsolutePath());
    }
    assertThat(Files.size(file())).isPositive();
  }

  /**
   * src/test/resources/store/schema-v4-1987eb2.db was made by the Spotter of commit 1987eb2, the
   * last before PostgreSQL (schema version 4, migrations then in db/migration): an import of
   * chrome.har into corpus 'browser', a check of it, a canary run, an incident with a guard, a
   * deployment and a kudos entry. See the README next to it.
   */
  @Test
  void aStoreMadeByTheSpotterBeforePostgresOpensAndMigratesWithAllItsData() throws Exception {
    Path file = dir.resolve("old.db");
    try (InputStream in = getClass().getResourceAsStream("/store/schema-v4-1987eb2.db")) {
      assertThat(in).as("the fixture store").isNotNull();
      Files.copy(in, file);
    }
    try (Store store = Stores.open(file.toString())) {
      assertThat(store.corpora())
          .extracting(CorpusInfo::name, CorpusInfo::exchanges)
          .containsExactly(tuple("browser", 3L));
      assertThat(readAll(store, "browser"))
          .extracting(e -> e.request().method() + " " + e.request().url())
          .containsExactly(
              "GET https://api.example.com/v1/orders/1042?expand=items",
              "GET https://shop.example.com/img/pixel.png",
              "POST https://api.example.com/v1/telemetry");
      assertThat(
              store.findImport(
                  "browser", "a3a402c535997864d91ee1542fd8c6619346b7a2f40b2fc9e367153abe13dd3f"))
          .hasValueSatisfying(i -> assertThat(i.fileName()).isEqualTo("chrome.har"));
      StoredRun run = store.recentRuns(10).get(0);
      assertThat(run.kind()).isEqualTo("check");
      assertThat(run.verdict()).isEqualTo("pass");
      assertThat(run.requests()).isEqualTo(3);
      assertThat(store.run(run.id()).orElseThrow().reportJson()).startsWith("{");
      assertThat(store.canary("fixture-canary").orElseThrow().state()).isEqualTo("running");
      assertThat(store.incidents())
          .extracting(StoredIncident::title)
          .containsExactly("Unknown customers got 500");
      assertThat(store.guards(true))
          .extracting(StoredGuard::name, StoredGuard::expectation)
          .containsExactly(tuple("unknown customer is 404", "status 404"));
      Instant day = Instant.parse("2026-11-21T00:00:00Z");
      assertThat(store.deployments(day, day.plusSeconds(86_400)))
          .extracting(StoredDeployment::version)
          .containsExactly("v1.4.2");
      assertThat(store.kudos(10)).extracting(StoredKudos::who).containsExactly("Ana");

      // and it is a version 7 store now
      assertThat(store.appendCaptured("browser", List.of(StoreSamples.order(7).withId("c-7"))))
          .isOne();
      assertThat(store.appendCaptured("browser", List.of(StoreSamples.order(7).withId("c-7"))))
          .isZero();
      assertThat(Long.parseLong(store.append("browser", List.of(StoreSamples.order(8))).get(0)))
          .isGreaterThan(4);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void aStoreOfSchemaVersionOneIsMigratedWithItsDataKept() throws SQLException {
    Path file = dir.resolve("v1.db");
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(ds)
        .locations(Dialect.SQLITE.migrationLocations())
        .table(SchemaMigrator.HISTORY_TABLE)
        .target("1")
        .load()
        .migrate();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'imports'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("a version 1 schema has no imports table").isZero();
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      store.append("old", List.of(StoreSamples.order(1)));
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(readAll(store, "old")).hasSize(1);
      store.recordImport("old", "x.har", "abc", 1);
      assertThat(store.findImport("old", "abc")).isPresent();
      assertThat(store.appendCaptured("old", List.of(StoreSamples.order(2).withId("c")))).isOne();
    }
  }

  /**
   * A repeat task written by a coordinator of schema version 6 had no time for asking again: after
   * the upgrade a worker claims it with none (the latest instant), so it is still asked all its
   * times rather than completed at once with no answer.
   */
  @Test
  void aRepeatTaskOfSchemaVersionSixKeepsNoDeadlineAfterTheUpgrade() throws SQLException {
    Path file = dir.resolve("v6.db");
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(ds)
        .locations(Dialect.SQLITE.migrationLocations())
        .table(SchemaMigrator.HISTORY_TABLE)
        .target("6")
        .load()
        .migrate();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO repeat_tasks (run_id, task_id, round_no, exchange_json, times, claims)"
              + " VALUES ('run-6', 1, 1, '{}', 3, 0)");
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      List<RepeatTask> claimed =
          store.claimRepeatTasks("run-6", "w1", 10, java.time.Duration.ofMinutes(1));
      assertThat(claimed).extracting(RepeatTask::times).containsExactly(3);
      assertThat(claimed.get(0).askUntil()).isAfter(Instant.parse("9999-12-31T23:59:59Z"));
    }
  }
}
