package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.SpotterException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a store can be unusable, produced for real, gives one clear line and a stable code. */
class SqliteStoreErrorsTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @TempDir Path dir;

  @Test
  void appendingWhileAnotherProcessHoldsTheWriteLockFailsAsLockedAndRetryable() throws Exception {
    Path file = dir.resolve("spotter.db");
    try (SqliteStore store = SqliteStore.open(file, SHORT, Clock.systemUTC())) {
      store.append("prod", List.of(StoreSamples.order(1)));
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN EXCLUSIVE");
        SpotterException e =
            catchThrowableOfType(
                SpotterException.class, () -> store.append("prod", List.of(StoreSamples.order(2))));
        assertThat(e.code()).isEqualTo("store.locked");
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage())
            .contains(file.toString())
            .contains("locked by another process")
            .contains("300 ms")
            .contains("appending 1 exchanges to corpus 'prod'")
            .doesNotContain("\n");
        s.execute("ROLLBACK");
      }
      // once the other process lets go, the same call succeeds
      store.append("prod", List.of(StoreSamples.order(2)));
      assertThat(store.corpus("prod").orElseThrow().exchanges()).isEqualTo(2);
    }
  }

  @Test
  void openingAStoreHeldInExclusiveLockingModeFailsAsLocked() throws Exception {
    Path file = dir.resolve("spotter.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.append("prod", List.of(StoreSamples.order(1)));
    }
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      s.execute("PRAGMA locking_mode = EXCLUSIVE");
      s.execute("BEGIN EXCLUSIVE");
      s.execute("UPDATE corpora SET updated_us = updated_us");
      s.execute("COMMIT"); // the exclusive lock stays until the connection closes
      assertThatThrownBy(() -> SqliteStore.open(file, SHORT, Clock.systemUTC()).close())
          .isInstanceOf(SpotterException.class)
          .hasMessageContaining(file + " is locked by another process")
          .extracting(e -> ((SpotterException) e).code())
          .isEqualTo("store.locked");
    }
  }

  @Test
  void aStoreFromANewerSpotterIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("spotter.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.append("prod", List.of(StoreSamples.order(1)));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success) VALUES (99, '8',"
              + " 'from the future', 'SQL', 'V8__from_the_future.sql', 12345, 'spotter', 1, 1)");
    }
    SpotterException e =
        catchThrowableOfType(SpotterException.class, () -> SqliteStore.open(file).close());
    assertThat(e.code()).isEqualTo("store.schema_newer");
    assertThat(e.getMessage())
        .isEqualTo(
            file.toAbsolutePath()
                + " has schema version 8, this Spotter knows up to 7; upgrade Spotter");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM exchanges")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aTextFileIsNotMistakenForAStoreAndIsNotOverwritten() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "these are my notes, not a database\n");
    SpotterException e =
        catchThrowableOfType(SpotterException.class, () -> SqliteStore.open(file).close());
    assertThat(e.code()).isEqualTo("store.unreadable");
    assertThat(e.getMessage())
        .isEqualTo(file + " is not a Spotter store: it is not an SQLite database");
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("these are my notes, not a database\n");
  }

  @Test
  void anotherProgramsSqliteDatabaseIsRefused() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
    }
    assertThatThrownBy(() -> SqliteStore.open(file).close())
        .isInstanceOf(SpotterException.class)
        .hasMessage(
            file
                + " is an SQLite database but not a Spotter store (it has a table 'invoices' and"
                + " no schema history)")
        .extracting(x -> ((SpotterException) x).code())
        .isEqualTo("store.unreadable");
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsNamed() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where a directory should be");
    Path file = blocker.resolve(".spotter/spotter.db");
    SpotterException e =
        catchThrowableOfType(SpotterException.class, () -> SqliteStore.open(file).close());
    assertThat(e.code()).isEqualTo("store.unwritable");
    assertThat(e.getMessage())
        .startsWith("cannot create the directory " + blocker.resolve(".spotter"))
        .contains(blocker + " exists and is not a directory");
  }

  @Test
  void aDirectoryGivenAsTheStoreFileIsRefused() {
    SpotterException e =
        catchThrowableOfType(SpotterException.class, () -> SqliteStore.open(dir).close());
    assertThat(e.code()).isEqualTo("store.unreadable");
    assertThat(e.getMessage()).isEqualTo(dir + " is a directory, not a Spotter store file");
  }
}
