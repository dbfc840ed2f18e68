package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.replay.TargetStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random results full of what recorded traffic can hold (markup, control characters, lone
 * surrogates, invalid UTF-8, NaN, missing parts): every report is still written, well formed, and
 * shows no markup of its own making.
 */
class OddResultsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] NASTY = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'",
    "\u0000",
    "\u0007",
    "\u001b[31m",
    "\u202e",
    "\uD800",
    "\uDFFF",
    "]]>",
    "|",
    "`",
    "\\",
    "\r\n",
    "&amp;",
    "😀",
    "~1/",
    "{",
    "*",
  };

  @TempDir Path tmp;

  @Test
  void everyReportOfARandomOddResultIsWrittenAndWellFormed() throws Exception {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      CheckResult result = randomResult(random);
      Path dir = tmp.resolve("seed-" + seed);

      try {
        ReportWriter.writeAll(result, dir);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": writing failed", e);
      }

      String json = Files.readString(dir.resolve("report.json"));
      assertThat(MAPPER.readTree(json)).as("seed %d", seed).isNotNull();
      assertThat(JsonReport.toJson(JsonReportReader.read(json)))
          .as("seed %d: report.json reads back to itself", seed)
          .isEqualTo(json);
      assertThat(JsonReport.MAPPER.writeValueAsString(JsonReport.MAPPER.readTree(json)))
          .as("seed %d: report.json is laid out as Jackson lays out its tree", seed)
          .isEqualTo(json);
      JunitReportTest.parse(Files.readString(dir.resolve("junit.xml")));
      String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
      assertThat(html)
          .as("seed %d", seed)
          .doesNotContain("<script>alert")
          .doesNotContain("<img")
          .doesNotContain("\u0000")
          .doesNotContain("\u202e");
      assertThat(html.split("<script", -1)).as("seed %d", seed).hasSize(2);
    }
  }

  private static CheckResult randomResult(Random r) {
    List<EndpointReport> endpoints = new ArrayList<>();
    Map<String, ExampleExchange> examples = new HashMap<>();
    int endpointCount = r.nextInt(4);
    long regressions = 0;
    for (int e = 0; e < endpointCount; e++) {
      Endpoint endpoint = new Endpoint(r.nextBoolean() ? "GET" : text(r), "/" + text(r));
      List<Finding> findings = new ArrayList<>();
      for (int f = 0, n = r.nextInt(4); f < n; f++) {
        String id = r.nextInt(5) == 0 ? text(r) : String.valueOf(r.nextInt(100));
        Verdict verdict = Verdict.values()[r.nextInt(Verdict.values().length)];
        regressions += verdict == Verdict.REGRESSION ? 1 : 0;
        String path = r.nextInt(4) == 0 ? "/body/line/" + (1 + r.nextInt(8)) : "/body/" + text(r);
        DifferenceKind kind = DifferenceKind.values()[r.nextInt(DifferenceKind.values().length)];
        findings.add(
            new Finding(
                path,
                kind,
                r.nextInt(50),
                r.nextInt(50),
                r.nextInt(5),
                r.nextInt(5),
                oddDouble(r),
                verdict,
                r.nextBoolean() ? null : text(r),
                List.of(id)));
        if (r.nextInt(4) != 0) {
          examples.put(id, example(r, id, endpoint, path, kind));
        }
      }
      endpoints.add(
          new EndpointReport(endpoint, r.nextInt(100), r.nextInt(100), r.nextInt(100), findings));
    }
    RunInfo run =
        r.nextInt(5) == 0
            ? null
            : new RunInfo(
                text(r),
                text(r),
                "http://" + text(r),
                text(r),
                r.nextBoolean(),
                r.nextBoolean() ? null : "http://c/" + text(r),
                r.nextBoolean() ? null : Instant.ofEpochSecond(r.nextInt(1_000_000_000)),
                r.nextBoolean() ? null : Instant.ofEpochSecond(r.nextInt(1_000_000_000)),
                r.nextInt(64),
                oddDouble(r),
                r.nextBoolean() ? null : Duration.ofMillis(r.nextInt(100_000)),
                r.nextBoolean());
    Summary summary =
        r.nextInt(5) == 0
            ? null
            : new Summary(
                r.nextInt(1000),
                r.nextInt(1000),
                r.nextInt(10),
                r.nextInt(10),
                regressions,
                r.nextInt(4) == 0
                    ? CheckVerdict.INCOMPLETE
                    : regressions > 0 ? CheckVerdict.FAIL : CheckVerdict.PASS);
    List<SkipCount> skipped = new ArrayList<>();
    for (int i = 0, n = r.nextInt(3); i < n; i++) {
      skipped.add(new SkipCount(text(r), r.nextBoolean() ? null : text(r), r.nextInt(20)));
    }
    List<TargetStats> targets = new ArrayList<>();
    for (String role : new String[] {"primary", "secondary", "candidate"}) {
      long sent = r.nextInt(20);
      Map<FailureKind, Long> failures =
          r.nextBoolean()
              ? Map.of()
              : Map.of(FailureKind.values()[r.nextInt(6)], (long) r.nextInt(5));
      targets.add(
          new TargetStats(
              r.nextBoolean() ? role : text(r),
              text(r),
              sent,
              r.nextBoolean() ? sent : 0,
              failures,
              r.nextBoolean()
                  ? null
                  : new TargetStats.LatencySummary(
                      oddDouble(r), oddDouble(r), oddDouble(r), oddDouble(r))));
    }
    return new CheckResult(run, summary, endpoints, skipped, targets, examples);
  }

  private static ExampleExchange example(
      Random r, String id, Endpoint endpoint, String path, DifferenceKind kind) {
    List<Difference> diffs =
        List.of(
            new Difference(
                path,
                path,
                kind,
                r.nextBoolean() ? null : text(r),
                text(r),
                r.nextBoolean()
                    ? new ValueChange.Numeric(oddDouble(r))
                    : new ValueChange.Textual(text(r), text(r))),
            new Difference(
                "/headers/" + text(r),
                "/headers/x",
                DifferenceKind.HEADER_CHANGED,
                text(r),
                null,
                null));
    HttpRequestData request =
        r.nextInt(6) == 0
            ? null
            : new HttpRequestData(
                r.nextBoolean() ? "POST" : text(r) + "X", "/" + text(r), headers(r), body(r));
    return new ExampleExchange(
        id,
        r.nextInt(6) == 0 ? null : endpoint,
        request,
        outcome(r),
        outcome(r),
        outcome(r),
        diffs,
        r.nextBoolean() ? diffs : List.of());
  }

  private static TargetOutcome outcome(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> null;
      case 1 ->
          new TargetOutcome.Failed(
              r.nextBoolean() ? null : FailureKind.TIMEOUT, r.nextBoolean() ? null : text(r), -1);
      default ->
          new TargetOutcome.Answered(
              new HttpResponseData(100 + r.nextInt(900), headers(r), body(r)),
              r.nextInt(1_000_000));
    };
  }

  private static Headers headers(Random r) {
    List<Header> list = new ArrayList<>();
    for (int i = 0, n = r.nextInt(4); i < n; i++) {
      list.add(
          new Header(
              r.nextBoolean() ? "Content-Type" : text(r),
              r.nextBoolean() ? "application/json" : text(r)));
    }
    return new Headers(list);
  }

  private static Body body(Random r) {
    byte[] bytes;
    switch (r.nextInt(6)) {
      case 0 -> bytes = new byte[0];
      case 1 -> {
        bytes = new byte[r.nextInt(3000)];
        r.nextBytes(bytes);
      }
      case 2 ->
          bytes =
              ("{\""
                      + text(r).replace("\\", "").replace("\"", "")
                      + "\": [1, 2.5e300, null, {\"x\": \""
                      + text(r).replace("\\", "").replace("\"", "")
                      + "\"}], \"deep\": "
                      + "[".repeat(r.nextInt(200))
                      + "]".repeat(r.nextInt(200))
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
      case 3 -> {
        StringBuilder lines = new StringBuilder();
        for (int i = 0, n = r.nextInt(10); i < n; i++) {
          lines.append(text(r)).append(r.nextBoolean() ? "\n" : "\r\n");
        }
        bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
      }
      default -> bytes = text(r).getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > 10 && r.nextBoolean()) {
      return new Body(java.util.Arrays.copyOf(bytes, bytes.length / 2), bytes.length, true);
    }
    return Body.of(bytes);
  }

  private static double oddDouble(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> -0.0;
      default -> r.nextDouble();
    };
  }

  private static String text(Random r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = r.nextInt(5); i < n; i++) {
      s.append(
          r.nextBoolean() ? NASTY[r.nextInt(NASTY.length)] : Integer.toString(r.nextInt(1000), 36));
    }
    return s.toString();
  }
}
