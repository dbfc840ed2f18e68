package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process in the middle of appending and proves that the store is intact and that every
 * batch the process was told had been stored is there, whole.
 */
class CrashSafetyTest {
  private static final int BATCH_SIZE = 20;
  private static final int ACKS_BEFORE_KILL = 25;
  private static final int MAX_BATCHES = 100_000;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedBatchSurvivesAKillAndTheFileStaysIntact() throws Exception {
    Path file = dir.resolve("spotter.db");
    // stdout goes to a file, not a pipe: what the child wrote before it died is all kept there,
    // whereas a pipe is closed on our side by destroyForcibly()
    Path childOut = dir.resolve("child-stdout.txt");
    long started = System.nanoTime();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashingAppender.class.getName(),
                file.toString(),
                Integer.toString(BATCH_SIZE),
                Integer.toString(MAX_BATCHES))
            .redirectOutput(childOut.toFile())
            .redirectError(dir.resolve("child-stderr.txt").toFile())
            .start();
    try {
      while (child.isAlive() && acknowledged(childOut).size() < ACKS_BEFORE_KILL) {
        assertThat(System.nanoTime() - started)
            .as("the child acknowledged %d batches in time", ACKS_BEFORE_KILL)
            .isLessThan(TimeUnit.SECONDS.toNanos(60));
        Thread.sleep(5);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, most likely mid-transaction
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Map<Integer, long[]> acknowledged = acknowledged(childOut);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    assertThat(acknowledged.size())
        .as("the child was killed before it finished")
        .isLessThan(MAX_BATCHES);

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }

    Map<Integer, List<Exchange>> stored = new HashMap<>();
    try (SqliteStore store = SqliteStore.open(file)) {
      try (ExchangeCursor cursor = store.read("crash")) {
        while (cursor.hasNext()) {
          Exchange e = cursor.next();
          int batch = Integer.parseInt(e.request().headers().first("X-Batch").orElseThrow());
          stored.computeIfAbsent(batch, b -> new ArrayList<>()).add(e);
        }
      }
    }
    for (Map.Entry<Integer, long[]> ack : acknowledged.entrySet()) {
      int batch = ack.getKey();
      List<Exchange> rows = stored.get(batch);
      assertThat(rows).as("acknowledged batch %d", batch).hasSize(BATCH_SIZE);
      assertThat(rows.get(0).id()).isEqualTo(Long.toString(ack.getValue()[0]));
      assertThat(rows.get(BATCH_SIZE - 1).id()).isEqualTo(Long.toString(ack.getValue()[1]));
      for (int i = 0; i < BATCH_SIZE; i++) {
        Exchange expected = CrashingAppender.exchange(batch, i);
        assertThat(rows.get(i).withId("")).isEqualTo(expected);
      }
    }
    // a batch that was in flight when the process died is there whole or not at all
    assertThat(stored.values()).allSatisfy(rows -> assertThat(rows).hasSize(BATCH_SIZE));
  }

  private static Map<Integer, long[]> acknowledged(Path childOut) throws IOException {
    Map<Integer, long[]> acks = new HashMap<>();
    for (String line : Files.readAllLines(childOut, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ");
      // a line cut by the kill has fewer parts and was never a complete acknowledgement
      if (parts.length == 4 && parts[0].equals("ACK")) {
        acks.put(
            Integer.parseInt(parts[1]),
            new long[] {Long.parseLong(parts[2]), Long.parseLong(parts[3])});
      }
    }
    return acks;
  }
}
