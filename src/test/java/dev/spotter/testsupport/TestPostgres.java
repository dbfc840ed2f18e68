package dev.spotter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, named by the environment variable {@value #URL_VARIABLE}: a
 * JDBC URL of a server where tests may {@code CREATE DATABASE}, such as {@code
 * jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres}. {@code .ci/run} starts one; a developer
 * runs {@code .ci/with-postgres mvn ...}.
 *
 * <p>Without the variable a test that asks for the server is skipped, except on CI ({@code
 * CI=true}) where it fails: there PostgreSQL is required.
 *
 * <pre>{@code
 * try (TestPostgres.Database db = TestPostgres.freshDatabase();
 *     Store store = Stores.open(db.url())) {
 *   ...
 * }
 * }</pre>
 */
public final class TestPostgres {
  /** The environment variable holding the server's JDBC URL. */
  public static final String URL_VARIABLE = "SPOTTER_TEST_POSTGRES_URL";

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestPostgres() {}

  /**
   * The server's URL as configured (its database is the one tests connect to for administration).
   * Skips the calling test when none is configured, fails it on CI.
   */
  public static String serverUrl() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(
            "PostgreSQL is required on CI: set "
                + URL_VARIABLE
                + " to a server's JDBC URL (.ci/run starts one)");
      }
      Assumptions.abort(
          "no PostgreSQL for this test: set "
              + URL_VARIABLE
              + " or run it through .ci/with-postgres");
    }
    return url;
  }

  /**
   * Creates a new, empty database with a unique name; closing the handle drops it, ending any
   * connection a test left open. Skips the calling test when no server is configured, fails it on
   * CI.
   */
  public static Database freshDatabase() {
    String server = serverUrl();
    String name =
        String.format(
            Locale.ROOT,
            "spotter_test_%d_%d_%06x",
            ProcessHandle.current().pid(),
            COUNTER.incrementAndGet(),
            ThreadLocalRandom.current().nextInt(1 << 24));
    admin(server, "CREATE DATABASE " + name);
    return new Database(name, withDatabase(server, name), server);
  }

  /** A database made by {@link #freshDatabase()}; {@link #close()} drops it. */
  public static final class Database implements AutoCloseable {
    private final String name;
    private final String url;
    private final String server;
    private boolean dropped;

    private Database(String name, String url, String server) {
      this.name = name;
      this.url = url;
      this.server = server;
    }

    /** Its name, such as {@code spotter_test_4242_1_00beef}. */
    public String name() {
      return name;
    }

    /** A JDBC URL of it, with the server URL's user and parameters, for {@code Stores.open}. */
    public String url() {
      return url;
    }

    /** Drops the database, ending any connection still open to it. */
    @Override
    public synchronized void close() {
      if (!dropped) {
        dropped = true;
        admin(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The server URL with its database replaced by {@code database}. */
  static String withDatabase(String serverUrl, String database) {
    int hosts = serverUrl.indexOf("//");
    int path = hosts < 0 ? -1 : serverUrl.indexOf('/', hosts + 2);
    if (path < 0) {
      throw new IllegalArgumentException(
          URL_VARIABLE + " must look like jdbc:postgresql://HOST:PORT/DATABASE?user=USER");
    }
    int query = serverUrl.indexOf('?', path);
    return serverUrl.substring(0, path + 1)
        + database
        + (query < 0 ? "" : serverUrl.substring(query));
  }

  private static void admin(String server, String sql) {
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the test PostgreSQL of " + URL_VARIABLE + " refused '" + sql + "': " + e.getMessage(),
          e);
    }
  }
}
