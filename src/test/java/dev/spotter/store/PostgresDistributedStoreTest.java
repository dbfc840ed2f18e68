package dev.spotter.store;

import dev.spotter.testsupport.TestPostgres;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Capture ids and distributed checks on a real PostgreSQL database. */
class PostgresDistributedStoreTest extends DistributedStoreContract {
  private TestPostgres.Database db;

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
}
