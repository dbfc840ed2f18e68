package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The store contract on a real PostgreSQL database, and what only PostgreSQL does. */
class PostgresStoreTest extends StoreContract {
  private TestPostgres.Database db;

  @TempDir Path dir;

  @BeforeEach
  void createDatabase() {
    db = TestPostgres.freshDatabase();
  }

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  Store open(Clock clock) {
    return Stores.open(db.url(), clock);
  }

  @Override
  String where() {
    return PostgresUrl.redact(db.url());
  }

  @Override
  void refuseBoomExchanges() throws Exception {
    execute(
        "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.url LIKE '%/boom' THEN RAISE EXCEPTION 'boom refused'; END IF;"
            + " RETURN NEW; END $$",
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON exchanges FOR EACH ROW"
            + " EXECUTE FUNCTION refuse_boom()");
  }

  private void execute(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.url());
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static PostgresDatabase postgres(Store store) {
    return (PostgresDatabase) ((JdbcStore) store).database();
  }

  @Test
  void everySchemaVersionHasTheSameTablesColumnsKeysAndIndexesAsOnSqlite() throws Exception {
    Path file = dir.resolve("spotter.db");
    SqliteStore.open(file).close();
    Stores.open(db.url()).close();
    Map<String, String> sqlite;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      sqlite = SchemaShape.of(c, Dialect.SQLITE);
    }
    Map<String, String> postgres;
    try (Connection c = DriverManager.getConnection(db.url())) {
      postgres = SchemaShape.of(c, Dialect.POSTGRESQL);
    }
    assertThat(postgres.keySet()).containsExactlyElementsOf(sqlite.keySet());
    assertThat(postgres.keySet()).contains("exchanges", "replay_results", "kudos");
    for (String table : sqlite.keySet()) {
      assertThat(postgres.get(table)).as("table %s", table).isEqualTo(sqlite.get(table));
    }
  }

  @Test
  void aDatabaseOfSchemaVersionOneIsMigratedWithItsDataKept() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.url());
    Flyway.configure(getClass().getClassLoader())
        .dataSource(ds)
        .locations(Dialect.POSTGRESQL.migrationLocations())
        .table(SchemaMigrator.HISTORY_TABLE)
        .target("1")
        .load()
        .migrate();
    try (Store store = open()) {
      store.append("old", List.of(StoreSamples.order(1)));
      store.recordImport("old", "x.har", "abc", 1);
      assertThat(store.findImport("old", "abc")).isPresent();
      assertThat(store.appendCaptured("old", List.of(StoreSamples.order(2).withId("c")))).isOne();
      assertThat(readAll(store, "old")).hasSize(2);
    }
  }

  @Test
  void noOperationKeepsAConnectionOfThePool() {
    try (Store store = open()) {
      store.append("c", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      store.appendCaptured("c", List.of(StoreSamples.order(3).withId("x")));
      store.corpora();
      readAll(store, "c");
      try (ExchangeCursor cursor = store.read("c")) {
        cursor.next();
        assertThat(postgres(store).activeConnections()).as("the open cursor's").isEqualTo(1);
      }
      store.saveReplayResults("1", List.of(DistributedStoreContract.result("a", 0, 0)), List.of());
      store.forEachReplayResult("1", r -> {});
      try {
        store.read("missing");
      } catch (RuntimeException expected) {
        // a failed read gives its connection back too
      }
      try {
        store.forEachReplayResult(
            "1",
            r -> {
              throw new IllegalStateException("consumer gave up");
            });
      } catch (IllegalStateException expected) {
        // and so does a consumer that throws
      }
      assertThat(postgres(store).activeConnections()).isZero();
    }
  }

  @Test
  void aStreamedCorpusFetchesRowsInBatchesInsideOneReadOnlySnapshot() throws Exception {
    try (Store store = open()) {
      store.append("c", List.of(StoreSamples.order(1)));
      try (Connection c = postgres(store).beginSnapshot()) {
        assertThat(c.getAutoCommit())
            .as("a cursor needs a transaction to fetch in batches")
            .isFalse();
        assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        assertThat(c.isReadOnly()).isTrue();
        postgres(store).endSnapshot(c);
      }
      assertThat(postgres(store).fetchSize()).isPositive();
    }
  }
}
