package dev.spotter.store;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child process of {@link CrashSafetyTest}: appends batches to a store as fast as it can and
 * prints {@code ACK <batch> <first id> <last id>} once each append has returned. It stops by itself
 * after {@code maxBatches}, in case nobody kills it.
 */
public final class CrashingAppender {
  private CrashingAppender() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int batchSize = Integer.parseInt(args[1]);
    int maxBatches = Integer.parseInt(args[2]);
    try (SqliteStore store = SqliteStore.open(file)) {
      System.out.println("READY");
      System.out.flush();
      for (int batch = 0; batch < maxBatches; batch++) {
        List<String> ids = store.append("crash", batch(batch, batchSize));
        System.out.println("ACK " + batch + " " + ids.get(0) + " " + ids.get(ids.size() - 1));
        System.out.flush();
      }
    }
  }

  static List<Exchange> batch(int batch, int size) {
    List<Exchange> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(exchange(batch, i));
    }
    return list;
  }

  static Exchange exchange(int batch, int i) {
    byte[] payload = new byte[2048];
    Arrays.fill(payload, (byte) ('a' + (batch + i) % 26));
    return new Exchange(
        "",
        new HttpRequestData(
            "POST",
            "http://crash.local/batches/" + batch + "/" + i,
            Headers.of("Host", "crash.local", "X-Batch", Integer.toString(batch)),
            Body.of(payload)),
        new HttpResponseData(200, Headers.of("Content-Type", "text/plain"), Body.of("ok " + i)),
        Instant.ofEpochSecond(1_700_000_000L + batch),
        1000 + i,
        "crash-test");
  }
}
