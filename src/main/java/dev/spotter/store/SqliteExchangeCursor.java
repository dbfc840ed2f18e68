package dev.spotter.store;

import dev.spotter.model.Exchange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.NoSuchElementException;

/**
 * Streams a corpus row by row from an SQLite statement on a connection of its own; SQLite steps the
 * statement lazily, so only the current row is in memory. Closes its connection when exhausted or
 * closed, whichever comes first.
 */
final class SqliteExchangeCursor implements ExchangeCursor {
  private final Path file;
  private final String corpus;
  private final Duration busyTimeout;
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private final long expectedCount;
  private Exchange next;
  private boolean done;

  SqliteExchangeCursor(
      Path file,
      String corpus,
      Duration busyTimeout,
      Connection connection,
      PreparedStatement statement,
      ResultSet rows,
      long expectedCount) {
    this.file = file;
    this.corpus = corpus;
    this.busyTimeout = busyTimeout;
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    this.expectedCount = expectedCount;
  }

  @Override
  public long expectedCount() {
    return expectedCount;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      if (rows.next()) {
        next = ExchangeRows.read(rows);
        return true;
      }
    } catch (SQLException | RuntimeException e) {
      close();
      throw StoreErrors.translate(file, "reading corpus '" + corpus + "'", busyTimeout, e);
    }
    close();
    return false;
  }

  @Override
  public Exchange next() {
    if (!hasNext()) {
      throw new NoSuchElementException("corpus '" + corpus + "' has no more exchanges");
    }
    Exchange result = next;
    next = null;
    return result;
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      rows.close();
      statement.close();
      SqliteStore.rollback(connection);
    } catch (SQLException ignored) {
      // a read-only transaction: nothing to lose
    } finally {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the snapshot is released with the connection either way
      }
    }
  }
}
