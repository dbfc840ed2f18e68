package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.SpotterException;
import org.junit.jupiter.api.Test;

/** Which store a locator names, and how it is shown; none of these needs a database. */
class StoresTest {
  @Test
  void anotherKindOfJdbcUrlIsRefusedNamingWhatIsSupported() {
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () -> Stores.open("jdbc:mysql://db:3306/spotter?user=s&password=hunter2"));
    assertThat(e.code()).isEqualTo("store.unsupported");
    assertThat(e.getMessage())
        .isEqualTo(
            "'jdbc:mysql://db:3306/spotter?user=s&password=***' is not a store Spotter can open:"
                + " --store takes an SQLite file path or a jdbc:postgresql: URL");
  }

  @Test
  void anSqliteJdbcUrlIsRefusedWithThePathToGiveInstead() {
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class, () -> Stores.open("jdbc:sqlite:/var/lib/spotter.db"));
    assertThat(e.code()).isEqualTo("store.unsupported");
    assertThat(e.getMessage())
        .endsWith("; for SQLite give the file's path itself, such as /var/lib/spotter.db");
  }

  @Test
  void aPostgresUrlTheDriverCannotReadIsRefusedWithoutItsPassword() {
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () -> Stores.open("jdbc:postgresql://spotter:hunter2@db:5432/spotter"));
    assertThat(e.code()).isEqualTo("store.bad_url");
    assertThat(e.getMessage())
        .startsWith("'jdbc:postgresql://spotter:***@db:5432/spotter' gives user and password")
        .doesNotContain("hunter2");
    SpotterException port =
        catchThrowableOfType(
            SpotterException.class, () -> Stores.open("jdbc:postgresql://db:port/spotter"));
    assertThat(port.code()).isEqualTo("store.bad_url");
  }

  @Test
  void passwordsAreMaskedWhereverTheyAreInTheUrl() {
    assertThat(Stores.describe("jdbc:postgresql://h:5433/s?user=u&password=p&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5433/s?user=u&password=***&ssl=true");
    assertThat(Stores.describe("jdbc:postgresql://h/s?PASSWORD=p;sslpassword=q"))
        .isEqualTo("jdbc:postgresql://h/s?PASSWORD=***;sslpassword=***");
    assertThat(Stores.describe(".spotter/spotter.db")).isEqualTo(".spotter/spotter.db");
    assertThat(Stores.isPostgres("JDBC:PostgreSQL://h/s")).isTrue();
    assertThat(Stores.isPostgres("postgres.db")).isFalse();
  }

  @Test
  void aUrlIsTakenApartForMessages() {
    PostgresUrl url =
        PostgresUrl.parse("jdbc:postgresql://a:5433,b/spotter?user=rec&password=pw&ssl=true");
    assertThat(url.hostPort()).isEqualTo("a:5433,b:5432");
    assertThat(url.database()).isEqualTo("spotter");
    assertThat(url.user()).isEqualTo("rec");
    assertThat(url.redacted())
        .isEqualTo("jdbc:postgresql://a:5433,b/spotter?user=rec&password=***&ssl=true");
    assertThat(url.scrub("said pw twice: pw")).isEqualTo("said *** twice: ***");
    assertThat(url.sets("ssl")).isTrue();
    assertThat(url.sets("connectTimeout")).isFalse();
    assertThat(PostgresUrl.parse("jdbc:postgresql:spotter").hostPort()).isEqualTo("localhost:5432");
  }

  @Test
  void nothingAtAllIsNoStore() {
    assertThat(catchThrowableOfType(SpotterException.class, () -> Stores.open(" ")).code())
        .isEqualTo("store.unsupported");
  }
}
