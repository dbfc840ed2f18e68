package dev.spotter.store;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Capture ids and distributed checks on an SQLite file. */
class SqliteDistributedStoreTest extends DistributedStoreContract {
  @TempDir Path dir;

  @Override
  Store open(Clock clock) {
    return SqliteStore.open(dir.resolve("spotter.db"), SqliteStore.DEFAULT_BUSY_TIMEOUT, clock);
  }
}
