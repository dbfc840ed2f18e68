package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteException;

/** Turns what SQLite and Flyway throw into one-line {@link SpotterException}s with stable codes. */
final class StoreErrors {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private StoreErrors() {}

  /**
   * Translates a failure while doing {@code action} on the store file.
   *
   * @param action what Spotter was doing, worded to follow "while", such as "appending to corpus
   *     'demo'"
   */
  static SpotterException translate(Path file, String action, Duration busyTimeout, Throwable e) {
    if (e instanceof SpotterException se) {
      return se;
    }
    int primary = primaryResultCode(e);
    switch (primary) {
      case SQLITE_BUSY, SQLITE_LOCKED:
        return locked(file, action, busyTimeout, e);
      case SQLITE_NOTADB, SQLITE_CORRUPT:
        return new SpotterException(
            "store.unreadable",
            file + " is not a readable Spotter store (" + sqliteMessage(e) + ") while " + action,
            false,
            e);
      case SQLITE_READONLY:
        return new SpotterException(
            "store.readonly", file + " is read-only; cannot write while " + action, false, e);
      case SQLITE_FULL:
        return new SpotterException(
            "store.full", "the disk holding " + file + " is full while " + action, true, e);
      case SQLITE_CANTOPEN:
        return new SpotterException(
            "store.unwritable", "cannot open " + file + " while " + action, false, e);
      default:
        return new SpotterException(
            "store.failed", file + ": " + action + " failed: " + sqliteMessage(e), false, e);
    }
  }

  static SpotterException locked(Path file, String action, Duration busyTimeout, Throwable e) {
    return new SpotterException(
        "store.locked",
        file
            + " is locked by another process (waited "
            + busyTimeout.toMillis()
            + " ms while "
            + action
            + "); try again when it is free",
        true,
        e);
  }

  /** The primary SQLite result code found in the cause chain, or -1. */
  static int primaryResultCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        return sqlite.getResultCode().code & 0xff;
      }
      if (t instanceof SQLException sql && sql.getErrorCode() > 0 && t.getCause() == null) {
        return sql.getErrorCode() & 0xff;
      }
    }
    return -1;
  }

  private static String sqliteMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        return firstLine(t.getMessage());
      }
    }
    return firstLine(String.valueOf(e.getMessage()));
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }
}
