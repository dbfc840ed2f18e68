package dev.spotter.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spotter thanks a guard once per candidate it caught, however often the check is run again. */
class GuardKudosTest {
  @TempDir Path dir;

  @Test
  void aGuardIsThankedOncePerCandidateAndTheEntryNamesTheRun() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"))) {
      KudosLog log = new KudosLog(store, Clock.systemUTC());
      GuardKudos kudos = new GuardKudos(log);

      assertThat(kudos.caught(1, "stays a 404", 7, "Orders 500", "http://new:80", "12")).isTrue();
      assertThat(kudos.caught(1, "stays a 404", 7, "Orders 500", "http://new:80", "13")).isFalse();
      // another candidate, or another guard, is another catch; :8080 is not :80
      assertThat(kudos.caught(1, "stays a 404", 7, "Orders 500", "http://new:8080", "14")).isTrue();
      assertThat(kudos.caught(2, "same totals", 7, "Orders 500", "http://new:80", "15")).isTrue();
      // a person writing the same words is not Spotter's entry
      log.add("alice", "Guard 'x' (guard 3 against http://new:80, run 1)", null);
      assertThat(kudos.caught(3, "x", 7, "Orders 500", "http://new:80", null)).isTrue();

      assertThat(log.latest(10))
          .filteredOn(KudosEntry::fromSpotter)
          .extracting(KudosEntry::what)
          .hasSize(4)
          .anySatisfy(
              w ->
                  assertThat(w)
                      .isEqualTo(
                          "Guard 'stays a 404' caught the mistake of incident 7 (Orders 500)"
                              + " again, before it reached production (guard 1 against"
                              + " http://new:80, run 12)"));
    }
  }
}
