package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a {@link JdbcStore} reaches its database: which connection runs what, in which transaction,
 * and how failures read. One implementation per database; the SQL itself, the same for both, lives
 * in the table classes of {@link JdbcStore}, and the little that differs in {@link Dialect}.
 * Implementations are safe to call from several threads at once.
 */
interface Database extends AutoCloseable {
  Dialect dialect();

  /** Names the database in messages: a file's path, or a URL without its password. */
  String where();

  /**
   * Runs {@code work} in one write transaction: everything it did is committed when it returns and
   * nothing when it throws. May run it more than once when the database asks for a retry (a
   * deadlock broken by PostgreSQL), so {@code work} must do nothing but statements.
   */
  <T> T write(SqlWork<T> work) throws SQLException;

  /** Runs short look-ups; each statement sees what was committed when it began. */
  <T> T read(SqlWork<T> work) throws SQLException;

  /**
   * Lends a connection of its own holding one consistent snapshot, for a long read that must not
   * block writers; give it back with {@link #endSnapshot}.
   */
  Connection beginSnapshot() throws SQLException;

  /** Ends the snapshot and gives its connection back; never throws. */
  void endSnapshot(Connection c);

  /** Rows a streaming read fetches per round trip (0 lets the driver choose). */
  int fetchSize();

  /** A one-line error with a stable code for a failure while doing {@code action}. */
  SpotterException translate(String action, Throwable e);

  @Override
  void close();
}
