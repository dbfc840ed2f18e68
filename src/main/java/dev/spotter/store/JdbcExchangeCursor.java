package dev.spotter.store;

import dev.spotter.model.Exchange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;

/**
 * Streams a corpus row by row from a statement on a snapshot connection of its own: SQLite steps
 * the statement lazily, PostgreSQL fetches a batch of rows at a time, so only a few rows are ever
 * in memory. Gives its connection back when exhausted or closed, whichever comes first.
 */
final class JdbcExchangeCursor implements ExchangeCursor {
  private final Database db;
  private final String corpus;
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private final long expectedCount;
  private Exchange next;
  private boolean done;

  JdbcExchangeCursor(
      Database db,
      String corpus,
      Connection connection,
      PreparedStatement statement,
      ResultSet rows,
      long expectedCount) {
    this.db = db;
    this.corpus = corpus;
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
      throw db.translate("reading corpus '" + corpus + "'", e);
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
    } catch (SQLException ignored) {
      // a read-only transaction: nothing to lose
    } finally {
      db.endSnapshot(connection);
    }
  }
}
