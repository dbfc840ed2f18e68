package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that reading a HAR file does not hold it in memory: a child JVM whose heap is a third of
 * the file's size reads every entry of it.
 */
class HarStreamingTest {
  private static final int ENTRIES = 3000;
  private static final int BODY_BYTES = 20_000;

  @TempDir Path dir;

  @Test
  void aHarFileThreeTimesLargerThanTheHeapIsReadWhole() throws Exception {
    Path har = dir.resolve("big.har");
    byte[] filler = new byte[BODY_BYTES];
    Arrays.fill(filler, (byte) 'x');
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(har));
        HarWriter writer = new HarWriter(out)) {
      for (int i = 0; i < ENTRIES; i++) {
        writer.write(
            new Exchange(
                "",
                new HttpRequestData(
                    "GET", "http://big.local/items/" + i, Headers.EMPTY, Body.EMPTY),
                new HttpResponseData(
                    200, Headers.of("Content-Type", "text/plain"), Body.of(filler)),
                Instant.ofEpochSecond(1_700_000_000L + i),
                1000,
                ""));
      }
    }
    long fileBytes = Files.size(har);
    assertThat(fileBytes).isGreaterThan(3L * 20 * 1024 * 1024);

    Path childOut = dir.resolve("probe.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx20m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                HarStreamingProbe.class.getName(),
                har.toString())
            .redirectOutput(childOut.toFile())
            .redirectErrorStream(false)
            .redirectError(dir.resolve("probe-err.txt").toFile())
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("probe-err.txt"), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as("child failed: %s", err).isZero();
    assertThat(Files.readString(childOut, StandardCharsets.UTF_8).strip())
        .isEqualTo(ENTRIES + " " + (long) ENTRIES * BODY_BYTES);
  }
}
