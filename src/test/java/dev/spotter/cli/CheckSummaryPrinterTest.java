package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.noise.Asked;
import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Endpoint;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.NotCovered;
import dev.spotter.replay.RepeatSettings;
import dev.spotter.replay.Repeats;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckSummaryPrinterTest {
  private static final String POST_SKIPPED = "POST is not replayed without --allow-side-effects";
  private static final RunInfo RUN =
      new RunInfo(
          "7",
          "corpus nightly",
          "http://old-a",
          "http://old-b",
          false,
          "http://new",
          Instant.parse("2026-12-07T10:00:00Z"),
          Instant.parse("2026-12-07T10:01:00Z"),
          16,
          0,
          Duration.ofSeconds(10),
          false);

  @Test
  void anUndecidedCheckIsNoPassAndSaysHowManyFindingsOnHowManyEndpoints() {
    String out = print(undecided(false));

    assertThat(out.lines().filter(l -> !l.isEmpty()).findFirst())
        .hasValue(
            "UNDECIDED: no regression shown, but 3 findings on 2 endpoints are undecided (exit 2;"
                + " --allow-undecided accepts them).");
    assertThat(out).doesNotContain("PASS").doesNotContain("Needs a look");
  }

  @Test
  void anAcceptedUndecidedCheckStillSaysUndecided() {
    String out = print(undecided(true));

    assertThat(out)
        .contains(
            "UNDECIDED (accepted with --allow-undecided): no regression shown, but 3 findings on 2"
                + " endpoints are undecided (exit 0).")
        .doesNotContain("PASS");
  }

  @Test
  void coverageSaysHowEachEndpointWasDecidedAndWhatWasNotCovered() {
    String out = print(undecided(false));

    assertThat(out)
        .contains(
            "  Coverage: 11 endpoints: 6 decided on the recorded traffic alone, 3 after asking"
                + " again, 2 undecided; 2 not covered ("
                + POST_SKIPPED
                + ")\n");
  }

  @Test
  void whatAskingAgainCostIsOneLineWithWhyItStopped() {
    String out = print(undecided(false));

    assertThat(out)
        .contains(
            "  Asked again: 240 exchanges for 15 requests in 4 rounds (3.2 s); stopped: the check's"
                + " budget of 240 repeats is spent\n");
    assertThat(print(crossCutting())).doesNotContain("Asked again");
  }

  @Test
  void undecidedFindingsAreListedWithTheirCountsOutOfAsksWhenAskedAgain() {
    String out = print(undecided(false));

    int heading =
        out.indexOf(
            "Undecided (neither shown to be a change nor noise, even after asking again):\n");
    assertThat(heading).isPositive();
    assertThat(out.substring(heading))
        .contains(
            "  GET /stock/{id}              /body/level              value_changed       "
                + " candidate 3, secondary 0 of 17 asks (1 request asked 17 times)\n")
        .contains("  GET /reports/{id}            /body/rows/*/v")
        .contains("candidate 1, secondary 0 of 30\n");
    assertThat(out).doesNotContain("Regressions:");
  }

  @Test
  void aChangeAcrossEndpointsIsCountedOnceAndListedBeforeTheRegressions() {
    String out = print(crossCutting());

    assertThat(out)
        .contains("FAIL: 1 change across 8 endpoints and 3 regressions in 2 endpoints.\n")
        .contains(
            "Across endpoints:\n"
                + "  8 endpoints                  /headers/x-powered-by    field_added         "
                + " candidate 640, secondary 0 of 640\n"
                + "    GET /e0, GET /e1, GET /e2, GET /e3, GET /e4 and 3 more\n");
    int across = out.indexOf("Across endpoints:");
    int regressions = out.indexOf("Regressions:");
    assertThat(across).isPositive().isLessThan(regressions);
    assertThat(out.substring(regressions))
        .as("its parts on each endpoint are not regressions of their own")
        .doesNotContain("/headers/x-powered-by")
        .contains("/body/total")
        .contains("/body/email");
  }

  @Test
  void aCheckWithoutRepeatsKeepsTheFamiliarLines() {
    Finding email = finding("/body/email", DifferenceKind.FIELD_MISSING, 70, Verdict.REGRESSION);
    CheckResult result =
        result(
            new Summary(600, 576, 24, 0, 1, CheckVerdict.FAIL),
            List.of(endpoint("GET /customers/{id}", 81, 0, email)),
            List.of(),
            Repeats.none(RepeatSettings.defaults()),
            List.of(new NotCovered(Endpoint.parse("POST /orders"), 24, POST_SKIPPED)));

    String out = print(result);

    assertThat(out)
        .contains(
            "FAIL: 1 regression in 1 endpoint.\n"
                + "  600 requests: 576 compared, 24 skipped, 0 errors\n"
                + "  skipped 24: "
                + POST_SKIPPED
                + "\n"
                + "  Coverage: 1 endpoint: 1 decided on the recorded traffic alone; 1 not covered ("
                + POST_SKIPPED
                + ")\n")
        .contains(
            "  GET /customers/{id}          /body/email              field_missing       "
                + " candidate 70, secondary 0 of 81\n");
  }

  /**
   * Eleven endpoints: six decided on the recorded traffic, three after asking again, two with three
   * undecided findings; two POST endpoints not covered.
   */
  private static CheckResult undecided(boolean accepted) {
    List<EndpointReport> endpoints = new ArrayList<>();
    Finding level =
        finding(
            "/body/level",
            DifferenceKind.VALUE_CHANGED,
            3,
            Verdict.UNDECIDED,
            new Asked(1, 16, 3, 0),
            null);
    endpoints.add(endpoint("GET /stock/{id}", 1, 16, level));
    endpoints.add(
        endpoint(
            "GET /reports/{id}",
            30,
            0,
            finding("/body/rows/*/v", DifferenceKind.VALUE_CHANGED, 1, Verdict.UNDECIDED),
            finding("/body/total", DifferenceKind.VALUE_CHANGED, 1, Verdict.UNDECIDED)));
    for (int i = 0; i < 3; i++) {
      endpoints.add(
          endpoint(
              "GET /asked" + i,
              10,
              20,
              finding("/body/n", DifferenceKind.VALUE_CHANGED, 2, Verdict.NOISE)));
    }
    for (int i = 0; i < 6; i++) {
      endpoints.add(endpoint("GET /plain" + i, 10, 0));
    }
    long compared = endpoints.stream().mapToLong(EndpointReport::requests).sum();
    Summary s = new Summary(compared + 20, compared, 20, 0, 0, CheckVerdict.UNDECIDED, 3, accepted);
    return result(
        s,
        endpoints,
        List.of(),
        new Repeats(
            240,
            15,
            4,
            Duration.ofMillis(3_200),
            0,
            "the check's budget of 240 repeats is spent",
            RepeatSettings.defaults().withMaxExchanges(240)),
        List.of(
            new NotCovered(Endpoint.parse("POST /orders"), 15, POST_SKIPPED),
            new NotCovered(Endpoint.parse("POST /carts"), 5, POST_SKIPPED)));
  }

  /**
   * The candidate adds one header on eight endpoints (one change) and regresses three paths of two
   * endpoints of its own.
   */
  private static CheckResult crossCutting() {
    List<Endpoint> where = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      where.add(Endpoint.parse("GET /e" + i));
    }
    CrossCuttingFinding header =
        new CrossCuttingFinding(
            "/headers/x-powered-by",
            DifferenceKind.FIELD_ADDED,
            where,
            640,
            640,
            0,
            0,
            1e-9,
            "The candidate differs here on 640 asks of 8 endpoints.",
            List.of());
    List<EndpointReport> endpoints = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      List<Finding> findings = new ArrayList<>();
      if (i == 0) {
        findings.add(finding("/body/total", DifferenceKind.TYPE_CHANGED, 80, Verdict.REGRESSION));
        findings.add(finding("/body/tax", DifferenceKind.VALUE_CHANGED, 40, Verdict.REGRESSION));
      }
      if (i == 1) {
        findings.add(finding("/body/email", DifferenceKind.FIELD_MISSING, 80, Verdict.REGRESSION));
      }
      findings.add(
          finding(header.path(), header.kind(), 80, Verdict.REGRESSION, Asked.NONE, header.key()));
      endpoints.add(endpoint("GET /e" + i, 80, 0, findings.toArray(Finding[]::new)));
    }
    return result(
        new Summary(640, 640, 0, 0, 4, CheckVerdict.FAIL),
        endpoints,
        List.of(header),
        Repeats.none(RepeatSettings.defaults()),
        List.of());
  }

  private static CheckResult result(
      Summary s,
      List<EndpointReport> endpoints,
      List<CrossCuttingFinding> crossCutting,
      Repeats repeats,
      List<NotCovered> notCovered) {
    List<SkipCount> skipped =
        s.skipped() == 0
            ? List.of()
            : List.of(new SkipCount("side_effect_method", POST_SKIPPED, s.skipped()));
    List<TargetStats> targets = new ArrayList<>();
    for (String role : List.of("primary", "secondary", "candidate")) {
      targets.add(
          new TargetStats(
              role,
              "http://" + role,
              s.compared(),
              s.compared(),
              Map.of(),
              TargetStats.LatencySummary.NONE));
    }
    return new CheckResult(
        RUN,
        s,
        endpoints,
        skipped,
        targets,
        Map.of(),
        List.of(),
        crossCutting,
        repeats,
        notCovered);
  }

  private static EndpointReport endpoint(
      String name, long requests, long repeats, Finding... findings) {
    return new EndpointReport(
        Endpoint.parse(name),
        requests,
        findings.length > 0 ? requests : 0,
        0,
        List.of(findings),
        repeats);
  }

  private static Finding finding(String path, DifferenceKind kind, long candidate, Verdict v) {
    return finding(path, kind, candidate, v, Asked.NONE, null);
  }

  /** A finding the secondary never shows, resting on {@code asked}, part of {@code change}. */
  private static Finding finding(
      String path, DifferenceKind kind, long candidate, Verdict v, Asked asked, String change) {
    return new Finding(path, kind, candidate, 0, 0, 0, 0.5, v, "Why.", List.of(), asked, change);
  }

  private static String print(CheckResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      CheckSummaryPrinter.print(result, List.of(), null, out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
