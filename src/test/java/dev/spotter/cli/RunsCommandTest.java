package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.replay.CheckResult;
import dev.spotter.report.JsonReportReader;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;
import dev.spotter.testsupport.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {
  @TempDir Path dir;

  @Test
  void anUndecidedCheckIsStoredAsUndecidedAndListedWithItsCountNeverAsAPass() throws IOException {
    CheckResult undecided = JsonReportReader.read(golden("undecided-after-asking.json"));
    Path db = dir.resolve("s.db");
    String id;
    try (Store store = SqliteStore.open(db)) {
      RunRecords.save(store, run("pass", golden("passing.json")));
      id = RunRecords.save(store, RunRecords.of("check", null, undecided, true));
      assertThat(store.run(id).orElseThrow().verdict()).isEqualTo("undecided");
    }

    Cli.Result runs = Cli.run("runs", "--store", db.toString());

    assertThat(runs.exitCode()).as(runs.toString()).isZero();
    String line = runs.out().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow();
    assertThat(line).contains("undecided (2)").doesNotContain("pass");
    assertThat(runs.out().lines().filter(l -> l.contains(" pass ")).count())
        .as("only the passing run")
        .isEqualTo(1);
  }

  @Test
  void anUndecidedRunStillGoingOnIsMarkedSoFar() throws IOException {
    Path db = dir.resolve("s.db");
    try (Store store = SqliteStore.open(db)) {
      StoredRun running =
          new StoredRun(
              null,
              "shadow",
              "live",
              Instant.now().minusSeconds(60),
              null,
              "undecided",
              665,
              0,
              golden("undecided-after-asking.json"));
      RunRecords.save(store, running);
    }

    Cli.Result runs = Cli.run("runs", "--store", db.toString());

    assertThat(runs.out()).contains("undecided (2)*").contains("* so far");
  }

  private static StoredRun run(String verdict, String reportJson) {
    return new StoredRun(
        null,
        "check",
        "corpus demo",
        Instant.parse("2026-12-07T10:00:00Z"),
        Instant.parse("2026-12-07T10:01:00Z"),
        verdict,
        880,
        0,
        reportJson);
  }

  private static String golden(String name) throws IOException {
    try (InputStream in =
        RunsCommandTest.class.getResourceAsStream("/fixtures/report/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
