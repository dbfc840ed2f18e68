package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns what PostgreSQL, its driver, the pool and Flyway throw into one-line {@link
 * SpotterException}s with stable codes, naming the server by {@code host:port} and the store by its
 * URL without password. The codes shared with SQLite mean the same ({@code store.failed}, {@code
 * store.full}, {@code store.readonly}, {@code store.unreadable}, {@code store.schema_newer}).
 */
final class PostgresErrors {
  private final PostgresUrl target;
  private final Duration connectionTimeout;
  private final int poolSize;

  PostgresErrors(PostgresUrl target, Duration connectionTimeout, int poolSize) {
    this.target = target;
    this.connectionTimeout = connectionTimeout;
    this.poolSize = poolSize;
  }

  /**
   * Translates a failure while doing {@code action} on the store.
   *
   * @param action what Spotter was doing, worded to follow "while", such as "appending to corpus
   *     'demo'"
   */
  SpotterException translate(String action, Throwable e) {
    if (e instanceof SpotterException se) {
      return se;
    }
    SpotterException translated = classify(action, e);
    String message = target.scrub(translated.getMessage());
    return new SpotterException(translated.code(), message, translated.retryable(), e);
  }

  /** Whether a write that failed this way may simply be run again from the start. */
  static boolean isRetryableConflict(Throwable e) {
    String state = sqlState(e);
    return "40001".equals(state) || "40P01".equals(state);
  }

  private SpotterException classify(String action, Throwable e) {
    String state = sqlState(e);
    String where = target.redacted();
    String server = target.hostPort();
    if (state == null && isPoolTimeout(e)) {
      return new SpotterException(
          "store.busy",
          "all "
              + poolSize
              + " connections of this Spotter to "
              + where
              + " were in use for "
              + seconds()
              + " s while "
              + action
              + "; try again",
          true,
          e);
    }
    if ("08004".equals(state) && message(e).toLowerCase(Locale.ROOT).contains("password")) {
      return authFailed("the server asks for a password and the URL gives none", e);
    }
    String networkReason = networkReason(e);
    if (networkReason != null
        || (state != null && state.startsWith("08"))
        || "57P01".equals(state)
        || "57P02".equals(state)
        || "57P03".equals(state)) {
      return new SpotterException(
          "store.unreachable",
          "cannot reach PostgreSQL at "
              + server
              + " for the store "
              + where
              + " ("
              + (networkReason != null ? networkReason : message(e))
              + "; Spotter waited up to "
              + seconds()
              + " s) while "
              + action
              + "; check that the server runs and accepts connections there",
          true,
          e);
    }
    if (state == null) {
      return failed(action, e);
    }
    switch (state) {
      case "28P01":
        return authFailed("password authentication failed", e);
      case "28000":
        return authFailed(message(e), e);
      case "3D000":
        return new SpotterException(
            "store.no_such_database",
            "PostgreSQL at "
                + server
                + " has no database '"
                + target.database()
                + "' (store "
                + where
                + "); create it (createdb "
                + target.database()
                + ") or fix the URL",
            false,
            e);
      case "53300":
        return new SpotterException(
            "store.busy",
            "PostgreSQL at "
                + server
                + " has no connection left ("
                + message(e)
                + ") while "
                + action
                + " on the store "
                + where
                + "; try again, or raise the server's max_connections",
            true,
            e);
      case "40001", "40P01":
        return new SpotterException(
            "store.conflict",
            where
                + ": "
                + action
                + " kept colliding with other writers ("
                + message(e)
                + "); try again",
            true,
            e);
      case "42501":
        return new SpotterException(
            "store.denied",
            "user '"
                + target.user()
                + "' may not do this on "
                + where
                + " while "
                + action
                + ": "
                + message(e),
            false,
            e);
      case "25006":
        return new SpotterException(
            "store.readonly",
            where + " is read-only (" + message(e) + "); cannot write while " + action,
            false,
            e);
      case "53100":
        return new SpotterException(
            "store.full",
            "the disk of PostgreSQL at " + server + " is full while " + action + " on " + where,
            true,
            e);
      default:
        return failed(action, e);
    }
  }

  private SpotterException authFailed(String reason, Throwable e) {
    return new SpotterException(
        "store.auth_failed",
        "PostgreSQL at "
            + target.hostPort()
            + " refused user '"
            + target.user()
            + "' ("
            + reason
            + ") for the store "
            + target.redacted()
            + "; check the user and password",
        false,
        e);
  }

  private SpotterException failed(String action, Throwable e) {
    return new SpotterException(
        "store.failed", target.redacted() + ": " + action + " failed: " + message(e), false, e);
  }

  private long seconds() {
    return Math.max(1, (connectionTimeout.toMillis() + 999) / 1000);
  }

  /** The pool gave up waiting for a free connection while the server was fine. */
  private static boolean isPoolTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
        return true;
      }
    }
    return false;
  }

  /** The first SQLState found in the cause chain, or null. */
  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static String networkReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
    }
    return null;
  }

  /** The server's own words when it sent any, else the driver's first line. */
  private static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p) {
        ServerErrorMessage server = p.getServerErrorMessage();
        if (server != null && server.getMessage() != null) {
          return firstLine(server.getMessage());
        }
        return firstLine(String.valueOf(p.getMessage()));
      }
    }
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
