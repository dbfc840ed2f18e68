package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens the store a user named: {@code --store} and the {@code store:} key of spotter.yaml take
 * either an SQLite file's path or a PostgreSQL JDBC URL. See docs/store.md.
 */
public final class Stores {
  private Stores() {}

  /**
   * Opens and migrates the store {@code locator} names: {@code jdbc:postgresql:...} is a PostgreSQL
   * database (several Spotter processes may share it), any other text is the path of an SQLite file
   * (created when missing).
   *
   * @throws SpotterException {@code store.unsupported} for another kind of JDBC URL, and the codes
   *     of {@link SqliteStore#open(Path)} or those docs/store.md lists for PostgreSQL
   */
  public static Store open(String locator) {
    return open(locator, Clock.systemUTC());
  }

  /** As {@link #open(String)}, stamping rows with times from {@code clock}. */
  static Store open(String locator, Clock clock) {
    if (locator == null || locator.isBlank()) {
      throw new SpotterException(
          "store.unsupported", "no store given: name an SQLite file or a jdbc:postgresql: URL");
    }
    if (isPostgres(locator)) {
      return new JdbcStore(
          PostgresDatabase.open(locator, PostgresDatabase.CONNECTION_TIMEOUT), clock);
    }
    if (isJdbcUrl(locator)) {
      throw unsupported(locator);
    }
    Path file;
    try {
      file = Path.of(locator);
    } catch (InvalidPathException e) {
      throw new SpotterException(
          "store.unwritable", "'" + locator + "' cannot be a store file: " + e.getReason());
    }
    return SqliteStore.open(file, SqliteStore.DEFAULT_BUSY_TIMEOUT, clock);
  }

  /**
   * How to show {@code locator} to a person: a path as given, a JDBC URL with its passwords masked.
   */
  public static String describe(String locator) {
    return isJdbcUrl(locator) ? PostgresUrl.redact(locator) : locator;
  }

  /** Whether {@code locator} names a PostgreSQL database rather than an SQLite file. */
  public static boolean isPostgres(String locator) {
    return locator.regionMatches(true, 0, PostgresUrl.PREFIX, 0, PostgresUrl.PREFIX.length());
  }

  private static boolean isJdbcUrl(String locator) {
    return locator.regionMatches(true, 0, "jdbc:", 0, 5);
  }

  private static SpotterException unsupported(String locator) {
    String redacted = PostgresUrl.redact(locator);
    String hint =
        locator.regionMatches(true, 0, "jdbc:sqlite:", 0, 12)
            ? "; for SQLite give the file's path itself, such as "
                + locator.substring(12).replaceFirst("^file:", "")
            : "";
    return new SpotterException(
        "store.unsupported",
        "'"
            + redacted
            + "' is not a store Spotter can open: --store takes an SQLite file path or a"
            + " jdbc:postgresql: URL"
            + hint);
  }
}
