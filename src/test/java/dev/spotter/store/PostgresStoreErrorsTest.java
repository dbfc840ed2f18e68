package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.SpotterException;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Each way a PostgreSQL store can be unusable, produced for real, gives one line with a stable code
 * that names the server and the store, and never the password.
 */
class PostgresStoreErrorsTest {
  private static final String PASSWORD = "hunter2-secret";

  private static SpotterException openFails(String url) {
    return catchThrowableOfType(SpotterException.class, () -> Stores.open(url).close());
  }

  private static void assertOneLineWithoutPassword(SpotterException e) {
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(PASSWORD);
  }

  /** The URL with its user (and password) replaced. */
  private static String as(String url, String user, String password) {
    String withUser = url.replaceAll("([?&])user=[^&]*", "$1user=" + user);
    return password == null ? withUser : withUser + "&password=" + password;
  }

  @Test
  void aServerThatIsNotThereIsUnreachableAtOnceNamingHostAndPort() throws Exception {
    int port = Ports.closed();
    String url =
        "jdbc:postgresql://127.0.0.1:" + port + "/spotter?user=spotter&password=" + PASSWORD;
    long started = System.nanoTime();
    SpotterException e = openFails(url);
    assertOneLineWithoutPassword(e);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.code()).isEqualTo("store.unreachable");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "cannot reach PostgreSQL at 127.0.0.1:"
                + port
                + " for the store jdbc:postgresql://127.0.0.1:"
                + port
                + "/spotter?user=spotter&password=***"
                + " (connection refused; Spotter waited up to 5 s) while opening it; check that"
                + " the server runs and accepts connections there");
  }

  @Test
  void aServerThatAcceptsButNeverAnswersIsUnreachableAfterTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // and never a byte back
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/spotter?user=s";
      long started = System.nanoTime();
      SpotterException e =
          catchThrowableOfType(
              SpotterException.class,
              () -> PostgresDatabase.open(url, Duration.ofSeconds(1)).close());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertOneLineWithoutPassword(e);
      assertThat(e.code()).isEqualTo("store.unreachable");
      assertThat(e.getMessage())
          .startsWith("cannot reach PostgreSQL at 127.0.0.1:" + silent.getLocalPort() + " for ")
          .contains("Spotter waited up to 1 s");
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aMissingDatabaseIsNamedWithHowToCreateIt() {
    TestPostgres.Database gone = TestPostgres.freshDatabase();
    gone.close();
    String url = gone.url() + "&password=" + PASSWORD;
    SpotterException e = openFails(url);
    assertOneLineWithoutPassword(e);
    assertThat(e.code()).isEqualTo("store.no_such_database");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .startsWith("PostgreSQL at 127.0.0.1:")
        .contains("has no database '" + gone.name() + "'")
        .contains("password=***")
        .endsWith("; create it (createdb " + gone.name() + ") or fix the URL");
  }

  @Test
  void anUnknownUserIsRefused() {
    try (TestPostgres.Database db = TestPostgres.freshDatabase()) {
      SpotterException e = openFails(as(db.url(), "nobody_at_all", PASSWORD));
      assertOneLineWithoutPassword(e);
      assertThat(e.code()).isEqualTo("store.auth_failed");
      assertThat(e.getMessage())
          .contains("refused user 'nobody_at_all'")
          .contains("role \"nobody_at_all\" does not exist")
          .endsWith("; check the user and password");
    }
  }

  @Test
  void aWrongPasswordOrNoneIsRefusedAndTheRightOneOpensTheStore() throws Exception {
    String server = TestPostgres.serverUrl();
    String role = "spotter_pw_" + Long.toHexString(System.nanoTime());
    try (Connection admin = DriverManager.getConnection(server);
        Statement s = admin.createStatement()) {
      try {
        s.execute(
            "CREATE ROLE " + role + " LOGIN PASSWORD 'right-horse' IN ROLE spotter_password_login");
      } catch (SQLException e) {
        Assumptions.abort(
            "the test server has no role spotter_password_login whose members must give a"
                + " password (.ci/with-postgres makes one): "
                + e.getMessage());
      }
      try (TestPostgres.Database db = TestPostgres.freshDatabase()) {
        s.execute("ALTER DATABASE " + db.name() + " OWNER TO " + role);
        try {
          Stores.open(as(db.url(), role, "wrong-" + PASSWORD)).close();
          Assumptions.abort("the test server lets " + role + " in without its password");
        } catch (SpotterException e) {
          assertOneLineWithoutPassword(e);
          assertThat(e.code()).isEqualTo("store.auth_failed");
          assertThat(e.getMessage())
              .contains("refused user '" + role + "' (password authentication failed)")
              .contains("password=***");
        }
        SpotterException none = openFails(as(db.url(), role, null));
        assertThat(none.code()).isEqualTo("store.auth_failed");
        assertThat(none.getMessage()).contains("asks for a password and the URL gives none");

        String good = as(db.url(), role, "right-horse");
        try (Store store = Stores.open(good)) {
          store.append("c", List.of(StoreSamples.order(1)));
          assertThat(store.toString()).doesNotContain("right-horse").contains("password=***");
          SpotterException missing =
              catchThrowableOfType(SpotterException.class, () -> store.read("missing"));
          assertThat(missing.getMessage()).doesNotContain("right-horse").contains("password=***");
        }
      } finally {
        s.execute("DROP ROLE IF EXISTS " + role);
      }
    }
  }

  @Test
  void aDatabaseFromANewerSpotterIsRefusedAndLeftUntouched() throws Exception {
    try (TestPostgres.Database db = TestPostgres.freshDatabase()) {
      try (Store store = Stores.open(db.url())) {
        store.append("prod", List.of(StoreSamples.order(1)));
      }
      try (Connection c = DriverManager.getConnection(db.url());
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                + " script, checksum, installed_by, execution_time, success) VALUES (99, '8',"
                + " 'from the future', 'SQL', 'V8__from_the_future.sql', 12345, 'spotter', 1,"
                + " true)");
      }
      String url = db.url() + "&password=" + PASSWORD;
      SpotterException e = openFails(url);
      assertOneLineWithoutPassword(e);
      assertThat(e.code()).isEqualTo("store.schema_newer");
      assertThat(e.getMessage())
          .isEqualTo(
              PostgresUrl.redact(url)
                  + " has schema version 8, this Spotter knows up to 7; upgrade Spotter");
      try (Connection c = DriverManager.getConnection(db.url());
          Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT COUNT(*) FROM exchanges")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void anotherProgramsDatabaseIsRefused() throws Exception {
    try (TestPostgres.Database db = TestPostgres.freshDatabase()) {
      try (Connection c = DriverManager.getConnection(db.url());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE invoices (id BIGINT PRIMARY KEY, total NUMERIC)");
      }
      SpotterException e = openFails(db.url());
      assertThat(e.code()).isEqualTo("store.unreadable");
      assertThat(e.getMessage())
          .isEqualTo(
              db.url()
                  + " is a PostgreSQL database but not a Spotter store (it has a table"
                  + " 'invoices' and no schema history)");
    }
  }

  @Test
  void whenEveryConnectionOfThePoolIsTakenTheStoreIsBusy() {
    try (TestPostgres.Database db = TestPostgres.freshDatabase();
        Store store =
            new JdbcStore(
                PostgresDatabase.open(db.url(), Duration.ofSeconds(1)), Clock.systemUTC())) {
      store.append("c", List.of(StoreSamples.order(1)));
      List<ExchangeCursor> cursors = new ArrayList<>();
      try {
        for (int i = 0; i < PostgresDatabase.MAX_POOL_SIZE; i++) {
          cursors.add(store.read("c"));
        }
        SpotterException e = catchThrowableOfType(SpotterException.class, store::corpora);
        assertOneLineWithoutPassword(e);
        assertThat(e.code()).isEqualTo("store.busy");
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage())
            .isEqualTo(
                "all "
                    + PostgresDatabase.MAX_POOL_SIZE
                    + " connections of this Spotter to "
                    + db.url()
                    + " were in use for 1 s while listing corpora; try again");
      } finally {
        cursors.forEach(ExchangeCursor::close);
      }
      assertThat(store.corpora()).hasSize(1);
    }
  }
}
