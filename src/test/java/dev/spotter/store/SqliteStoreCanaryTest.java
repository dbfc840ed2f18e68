package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary runs survive the process, and an operator's command reaches the running one once. */
class SqliteStoreCanaryTest {
  @TempDir Path dir;

  private static StoredCanary run(String name, String state, int step, Instant at) {
    return new StoredCanary(name, state, step, step * 500, "salt-1", at, at, null, "{\"s\":1}");
  }

  @Test
  void aSavedRunIsReadBackAfterReopeningAndReplacedByTheNextSave() {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"))) {
      store.saveCanary(run("orders", "running", 1, t0));
      store.saveCanary(run("orders", "paused", 2, t0.plusSeconds(5)));
      store.saveCanary(run("billing", "promoted", 4, t0.plusSeconds(1)));
    }
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"))) {
      StoredCanary orders = store.canary("orders").orElseThrow();
      assertThat(orders.state()).isEqualTo("paused");
      assertThat(orders.stepIndex()).isEqualTo(2);
      assertThat(orders.canaryBasisPoints()).isEqualTo(1000);
      assertThat(orders.salt()).isEqualTo("salt-1");
      assertThat(orders.updatedAt()).isEqualTo(t0.plusSeconds(5));
      assertThat(store.canaries(10))
          .extracting(StoredCanary::name)
          .containsExactly("orders", "billing");
      assertThat(store.canary("nobody")).isEmpty();
    }
  }

  @Test
  void aCommandIsTakenOnceAndSurvivesTheRunningProcessSavingMeanwhile() {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"))) {
      store.saveCanary(run("orders", "running", 1, t0));
      assertThat(store.takeCanaryCommand("orders")).isEmpty();

      assertThat(store.leaveCanaryCommand("orders", "abort")).isTrue();
      store.saveCanary(run("orders", "running", 1, t0.plusSeconds(1))); // the heartbeat
      assertThat(store.canary("orders").orElseThrow().pendingCommand()).isEqualTo("abort");

      assertThat(store.takeCanaryCommand("orders")).contains("abort");
      assertThat(store.takeCanaryCommand("orders")).isEmpty();
      assertThat(store.leaveCanaryCommand("nobody", "abort")).isFalse();
    }
  }
}
