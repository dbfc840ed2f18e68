package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link Store} in one SQLite file, Spotter's default: durable by construction (write-ahead
 * log, {@code synchronous=FULL}, {@code BEGIN IMMEDIATE} write transactions, a busy timeout; see
 * {@link SqliteDatabase}). {@link Stores#open} opens one from a path given on the command line.
 */
public final class SqliteStore extends JdbcStore {
  /** How long an operation waits for a lock held by another process before giving up. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private final SqliteDatabase sqlite;

  private SqliteStore(SqliteDatabase sqlite, Clock clock) {
    super(sqlite, clock);
    this.sqlite = sqlite;
  }

  /** Opens (creating it and its directories when needed) the store at {@code file}. */
  public static SqliteStore open(Path file) {
    return open(file, DEFAULT_BUSY_TIMEOUT, Clock.systemUTC());
  }

  /**
   * Opens the store at {@code file}, waiting at most {@code busyTimeout} for locks held by other
   * processes, and stamping corpora with times from {@code clock}.
   *
   * @throws SpotterException {@code store.unwritable} when the directory cannot be created, {@code
   *     store.unreadable} when the file is not a Spotter store, {@code store.schema_newer} when a
   *     newer Spotter wrote it, {@code store.locked} when another process holds it too long
   */
  public static SqliteStore open(Path file, Duration busyTimeout, Clock clock) {
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(clock, "clock");
    return new SqliteStore(SqliteDatabase.open(file, busyTimeout), clock);
  }

  /** The absolute path of the database file. */
  public Path file() {
    return sqlite.file();
  }

  /** The value of an SQLite pragma on the writing connection, for tests of durability settings. */
  String pragma(String name) {
    ensureOpen();
    return new Sql(sqlite)
        .query(
            "reading pragma " + name,
            "PRAGMA " + name,
            ps -> {},
            rs -> rs.next() ? rs.getString(1) : null);
  }
}
