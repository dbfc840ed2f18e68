package dev.spotter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.spotter.model.SpotterException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a PostgreSQL database, shared by several Spotter processes. Each process holds a small
 * HikariCP pool: a write runs in a transaction on a connection of the pool (READ COMMITTED, the
 * unique indexes and row locks keep concurrent writers from losing or doubling rows), a streamed
 * read gets a connection of its own in a REPEATABLE READ, read-only transaction, fetching rows in
 * batches so that a corpus of a million exchanges never sits in memory, and its count matches its
 * rows.
 */
final class PostgresDatabase implements Database {
  /**
   * Connections per process: one writer, a streamed corpus or two, and the dashboard's look-ups.
   * Small because every process of a fleet holds its own pool and the server's max_connections (100
   * by default) is shared by all of them.
   */
  static final int MAX_POOL_SIZE = 6;

  /** How long Spotter waits for a connection, from the pool or from the server. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** Rows per round trip of a streamed read: exchanges can carry bodies of a megabyte. */
  static final int FETCH_SIZE = 200;

  /** How often a write that lost a deadlock or a serialization conflict is run again. */
  private static final int WRITE_ATTEMPTS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

  private final PostgresUrl target;
  private final HikariDataSource pool;
  private final PostgresErrors errors;

  private PostgresDatabase(PostgresUrl target, HikariDataSource pool, PostgresErrors errors) {
    this.target = target;
    this.pool = pool;
    this.errors = errors;
  }

  /**
   * Connects to the database, migrates its schema and starts the pool.
   *
   * @throws SpotterException {@code store.bad_url}, {@code store.unreachable}, {@code
   *     store.auth_failed}, {@code store.no_such_database}, {@code store.unreadable} (a database of
   *     another program), {@code store.schema_newer}
   */
  static PostgresDatabase open(String url, Duration connectionTimeout) {
    PostgresUrl target = PostgresUrl.parse(url);
    PostgresErrors errors = new PostgresErrors(target, connectionTimeout, MAX_POOL_SIZE);
    PGSimpleDataSource direct = dataSource(target, connectionTimeout);
    // One connection straight from the driver first: its failure says exactly what is wrong
    // (refused, password, no such database) at once, where the pool would retry for the whole
    // timeout and log a stack trace.
    try (Connection probe = direct.getConnection()) {
      LOG.debug("connected to {}", target.redacted());
    } catch (SQLException | RuntimeException e) {
      throw errors.translate("opening it", e);
    }
    try {
      SchemaMigrator.migrate(Dialect.POSTGRESQL, target.redacted(), direct, errors::translate);
    } catch (RuntimeException e) {
      throw errors.translate("migrating its schema", e);
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(direct, connectionTimeout));
    } catch (RuntimeException e) {
      throw errors.translate("starting its connection pool", e);
    }
    LOG.debug("opened store {}", target.redacted());
    return new PostgresDatabase(target, pool, errors);
  }

  private static PGSimpleDataSource dataSource(PostgresUrl target, Duration connectionTimeout) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(target.url());
    int seconds = (int) Math.max(1, connectionTimeout.toSeconds());
    // the URL's own settings win
    if (!target.sets("connectTimeout")) {
      ds.setConnectTimeout(seconds);
    }
    if (!target.sets("loginTimeout")) {
      // a server that accepts the connection and then never answers would otherwise hang open()
      ds.setLoginTimeout(seconds);
    }
    if (!target.sets("ApplicationName")) {
      ds.setApplicationName("spotter");
    }
    if (!target.sets("tcpKeepAlive")) {
      ds.setTcpKeepAlive(true);
    }
    // whatever the URL says: rewritten batches report no per-row counts, and the idempotent
    // inserts count what they added from exactly those
    ds.setReWriteBatchedInserts(false);
    return ds;
  }

  private static HikariConfig poolConfig(PGSimpleDataSource direct, Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("spotter-store");
    config.setDataSource(direct);
    config.setMaximumPoolSize(MAX_POOL_SIZE);
    // an idle recorder keeps one connection, not six
    config.setMinimumIdle(1);
    config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(Math.max(250, Math.min(2000, connectionTimeout.toMillis() / 2)));
    // every write is an explicit transaction; reads end theirs at once
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    // the probe in open() has just connected; a failure here would only add a logged stack trace
    config.setInitializationFailTimeout(-1);
    // no leak detection: a streamed corpus holds its connection for minutes by design, and every
    // connection lent out is given back in a finally block or by the cursor's close()
    return config;
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public String where() {
    return target.redacted();
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          if (attempt < WRITE_ATTEMPTS && PostgresErrors.isRetryableConflict(e)) {
            LOG.debug("write attempt {} collided, running it again: {}", attempt, e.getMessage());
            pause(attempt);
            continue;
          }
          throw e;
        }
      }
    }
  }

  /** A short random pause so that two writers that collided do not collide again in step. */
  private static void pause(int attempt) throws SQLException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted before retrying a write", "40001", e);
    }
  }

  @Override
  public <T> T read(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        return work.run(c);
      } finally {
        rollbackQuietly(c);
      }
    }
  }

  @Override
  public Connection beginSnapshot() throws SQLException {
    Connection c = pool.getConnection();
    try {
      // the pool puts both back to READ COMMITTED, read-write when the connection returns
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void endSnapshot(Connection c) {
    rollbackQuietly(c);
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("giving a reader back: {}", e.getMessage());
    }
  }

  @Override
  public int fetchSize() {
    return FETCH_SIZE;
  }

  @Override
  public SpotterException translate(String action, Throwable e) {
    return errors.translate(action, e);
  }

  /** Connections lent out right now; for tests that no operation leaks one. */
  int activeConnections() {
    return pool.getHikariPoolMXBean().getActiveConnections();
  }

  @Override
  public void close() {
    pool.close();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback: {}", e.getMessage());
    }
  }
}
