package dev.spotter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.Difference;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of diffing two realistic JSON responses, beside the cost of only parsing both bodies
 * with Jackson in the same run. The goal is a ratio of at most 2: the structural diff (which
 * parses too) may cost no more than twice the parse alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class DiffBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Endpoint ENDPOINT = new Endpoint("GET", "/orders");

  /** Approximate body size: one order (2 KiB) or a page of orders (200 KiB). */
  @Param({"2KiB", "200KiB"})
  public String size;

  /**
   * {@code equal}: the same content (the common case); {@code noisy}: timestamps, ids and float
   * jitter differ as between two copies of the old build.
   */
  @Param({"equal", "same-tree", "noisy"})
  public String variant;

  private byte[] primaryBytes;
  private byte[] otherBytes;
  private HttpResponseData primary;
  private HttpResponseData other;
  private ResponseDiffer differ;

  @Setup(Level.Trial)
  public void setUp() {
    int targetBytes = size.equals("2KiB") ? 2 * 1024 : 200 * 1024;
    primaryBytes = OrdersJson.page(targetBytes, 42, 1);
    otherBytes =
        switch (variant) {
          // the same bytes: the diff sees that and parses nothing
          case "equal" -> primaryBytes.clone();
          // the same JSON, written with other whitespace: parsed and walked, no difference found
          case "same-tree" -> reformatted(primaryBytes);
          default -> OrdersJson.page(targetBytes, 42, 2);
        };
    Headers json = Headers.of("Content-Type", "application/json");
    primary = new HttpResponseData(200, json, Body.of(primaryBytes));
    other = new HttpResponseData(200, json, Body.of(otherBytes));
    differ = new ResponseDiffer(DiffSettings.defaults());
  }

  private static byte[] reformatted(byte[] json) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(MAPPER.readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Benchmark
  public List<Difference> diff() {
    return differ.diff(ENDPOINT, primary, other);
  }

  @Benchmark
  public JsonNode[] parseBoth() throws IOException {
    return new JsonNode[] {MAPPER.readTree(primaryBytes), MAPPER.readTree(otherBytes)};
  }
}
