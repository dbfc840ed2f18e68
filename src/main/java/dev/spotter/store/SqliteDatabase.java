package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A store's SQLite file. Durable by construction: write-ahead log, {@code synchronous=FULL} (a
 * committed transaction survives a crash of the process and of the machine), a busy timeout so that
 * a second Spotter waits for a lock instead of failing at once, and write transactions that take
 * the write lock when they begin ({@code BEGIN IMMEDIATE}) so that two writers never deadlock
 * half-way.
 *
 * <p>One connection serves writes and small look-ups, one thread at a time; each snapshot (a
 * streamed corpus) gets a connection of its own, so a long read does not block appends (WAL gives
 * it a stable snapshot).
 */
final class SqliteDatabase implements Database {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  private final Path file;
  private final Duration busyTimeout;
  private final SQLiteDataSource readers;
  private final Connection writer;

  private SqliteDatabase(
      Path file, Duration busyTimeout, SQLiteDataSource readers, Connection writer) {
    this.file = file;
    this.busyTimeout = busyTimeout;
    this.readers = readers;
    this.writer = writer;
  }

  /**
   * Opens (creating it and its directories when needed) and migrates the store file.
   *
   * @throws SpotterException {@code store.unwritable} when the directory cannot be created, {@code
   *     store.unreadable} when the file is not a Spotter store, {@code store.schema_newer} when a
   *     newer Spotter wrote it, {@code store.locked} when another process holds it too long
   */
  static SqliteDatabase open(Path file, Duration busyTimeout) {
    Path path = StoreFile.prepare(file);
    SQLiteDataSource writers =
        dataSource(path, busyTimeout, SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource readers = dataSource(path, busyTimeout, SQLiteConfig.TransactionMode.DEFERRED);
    Connection connection = null;
    try {
      SchemaMigrator.migrate(
          Dialect.SQLITE,
          path.toString(),
          writers,
          (action, e) -> StoreErrors.translate(path, action, busyTimeout, e));
      connection = writers.getConnection();
      LOG.debug("opened store {}", path);
      return new SqliteDatabase(path, busyTimeout, readers, connection);
    } catch (RuntimeException | SQLException e) {
      closeQuietly(connection);
      throw StoreErrors.translate(path, "opening it", busyTimeout, e);
    }
  }

  private static SQLiteDataSource dataSource(
      Path path, Duration busyTimeout, SQLiteConfig.TransactionMode mode) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setTransactionMode(mode);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + path);
    return ds;
  }

  Path file() {
    return file;
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public String where() {
    return file.toString();
  }

  /**
   * The transaction is begun and ended by explicit statements on an auto-commit connection rather
   * than through {@code setAutoCommit(false)}: the driver begins those lazily and a {@code BEGIN}
   * refused for a lock would let the statements run one by one outside any transaction.
   */
  @Override
  public synchronized <T> T write(SqlWork<T> work) throws SQLException {
    execute(writer, "BEGIN IMMEDIATE");
    boolean committed = false;
    try {
      T result = work.run(writer);
      execute(writer, "COMMIT");
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollback(writer);
      }
    }
  }

  @Override
  public synchronized <T> T read(SqlWork<T> work) throws SQLException {
    return work.run(writer);
  }

  @Override
  public Connection beginSnapshot() throws SQLException {
    Connection reader = readers.getConnection();
    try {
      execute(reader, "BEGIN");
      return reader;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  @Override
  public void endSnapshot(Connection c) {
    rollback(c);
    closeQuietly(c);
  }

  @Override
  public int fetchSize() {
    return 0; // SQLite steps a statement row by row anyway
  }

  @Override
  public SpotterException translate(String action, Throwable e) {
    return StoreErrors.translate(file, action, busyTimeout, e);
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (SQLException e) {
      throw translate("closing it", e);
    }
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void rollback(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite ends the transaction itself after some errors; then there is nothing to undo
      LOG.debug("rollback: {}", e.getMessage());
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing with a better error, or only giving a reader back
      }
    }
  }
}
