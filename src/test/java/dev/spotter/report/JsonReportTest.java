package dev.spotter.report;

import static dev.spotter.report.ResultBuilder.answered;
import static dev.spotter.report.ResultBuilder.exchange;
import static dev.spotter.report.ResultBuilder.get;
import static dev.spotter.report.ResultBuilder.regression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(CheckResult result) throws Exception {
    return MAPPER.readTree(JsonReport.toJson(result));
  }

  @Test
  void summaryHasTheExactFieldsAndValuesOfTheSchema() throws Exception {
    JsonNode summary = json(Results.failing()).get("summary");

    assertThat(summary.get("requests").asLong()).isEqualTo(915);
    assertThat(summary.get("compared").asLong()).isEqualTo(880);
    assertThat(summary.get("skipped").asLong()).isEqualTo(35);
    assertThat(summary.get("errors").asLong()).isZero();
    assertThat(summary.get("regressions").asLong()).isEqualTo(6);
    assertThat(summary.get("verdict").asText()).isEqualTo("fail");
    assertThat(json(Results.passing()).at("/summary/verdict").asText()).isEqualTo("pass");
  }

  @Test
  void endpointsAndFindingsHaveTheExactFieldsOfTheSchema() throws Exception {
    JsonNode endpoints = json(Results.failing()).get("endpoints");

    JsonNode orders = endpoints.get(0);
    assertThat(orders.get("endpoint").asText()).isEqualTo("GET /orders/{id}");
    assertThat(orders.get("requests").asLong()).isEqualTo(400);
    assertThat(orders.get("differing").asLong()).isEqualTo(400);
    assertThat(orders.get("regressing").asLong()).isEqualTo(400);
    assertThat(orders.get("share").asDouble()).isCloseTo(400.0 / 880, within());

    JsonNode total = orders.get("findings").get(0);
    assertThat(fieldNames(total))
        .contains(
            "path",
            "kind",
            "candidateCount",
            "noiseCount",
            "bothCount",
            "unexplainedCount",
            "pValue",
            "verdict",
            "reason",
            "examples");
    assertThat(total.get("path").asText()).isEqualTo("/body/total");
    assertThat(total.get("kind").asText()).isEqualTo("type_changed");
    assertThat(total.get("candidateCount").asLong()).isEqualTo(400);
    assertThat(total.get("noiseCount").asLong()).isZero();
    assertThat(total.get("verdict").asText()).isEqualTo("regression");
    assertThat(total.get("reason").asText()).startsWith("The candidate's value is a string");
    assertThat(total.get("examples")).extracting(JsonNode::asText).containsExactly("1042", "1043");

    JsonNode generatedAt = findingAt(orders, "/body/generatedAt");
    assertThat(generatedAt.get("verdict").asText()).isEqualTo("noise");
    assertThat(generatedAt.get("bothCount").asLong()).isEqualTo(400);
    assertThat(generatedAt.get("reason").asText()).isEqualTo(Results.GENERATED_AT_NOISE);
  }

  @Test
  void endpointsAreRankedByRegressions() throws Exception {
    JsonNode endpoints = json(Results.failing()).get("endpoints");

    assertThat(endpoints)
        .extracting(e -> e.get("endpoint").asText())
        .containsExactly(
            "GET /orders/{id}", "GET /customers/{id}/summary", "GET /orders", "GET /health");
  }

  @Test
  void runSkippedAndTargetsAreIncluded() throws Exception {
    JsonNode root = json(Results.failing());

    assertThat(root.get("schemaVersion").asInt()).isEqualTo(JsonReport.SCHEMA_VERSION);
    JsonNode run = root.get("run");
    assertThat(run.get("id").asText()).isEqualTo("run-17");
    assertThat(run.get("source").asText()).isEqualTo("corpus demo");
    assertThat(run.at("/targets/candidate").asText()).isEqualTo(ResultBuilder.CANDIDATE);
    assertThat(run.at("/targets/secondaryIsPrimary").asBoolean()).isFalse();
    assertThat(run.get("startedAt").asText()).isEqualTo("2024-05-02T10:15:00Z");
    assertThat(run.get("elapsedMillis").asLong()).isEqualTo(42_500);
    assertThat(run.at("/settings/concurrency").asInt()).isEqualTo(16);
    assertThat(run.at("/settings/timeoutMillis").asLong()).isEqualTo(5000);

    JsonNode skipped = root.get("skipped").get(0);
    assertThat(skipped.get("reason").asText()).isEqualTo("side_effect_method");
    assertThat(skipped.get("detail").asText()).contains("--allow-side-effects");
    assertThat(skipped.get("count").asLong()).isEqualTo(35);

    JsonNode candidate = root.get("targets").get(2);
    assertThat(candidate.get("role").asText()).isEqualTo("candidate");
    assertThat(candidate.get("sent").asLong()).isEqualTo(880);
    assertThat(candidate.get("answered").asLong()).isEqualTo(880);
    assertThat(candidate.at("/latencyMillis/p99").asDouble()).isEqualTo(21.4);
  }

  @Test
  void examplesAreKeyedByExchangeIdWithRequestOutcomesAndDifferences() throws Exception {
    JsonNode example = json(Results.failing()).at("/examples/1042");

    assertThat(example.at("/request/method").asText()).isEqualTo("GET");
    assertThat(example.at("/request/url").asText()).endsWith("/orders/1042?expand=items");
    assertThat(example.at("/request/headers/0/name").asText()).isEqualTo("Accept");
    assertThat(example.at("/primary/outcome").asText()).isEqualTo("answered");
    assertThat(example.at("/primary/status").asInt()).isEqualTo(200);
    assertThat(example.at("/candidate/body/encoding").asText()).isEqualTo("utf-8");
    assertThat(MAPPER.readTree(example.at("/candidate/body/data").asText()).get("total").asText())
        .isEqualTo("129.50");
    assertThat(example.at("/candidateDifferences/2/pointer").asText()).isEqualTo("/body/total");
    assertThat(example.at("/candidateDifferences/2/kind").asText()).isEqualTo("type_changed");
    assertThat(example.at("/noiseDifferences/1/path").asText()).isEqualTo("/body/tags/*");
    assertThat(example.at("/noiseDifferences/0/change/type").asText()).isEqualTo("textual");
  }

  @Test
  void aFailedTargetIsWrittenWithItsFailure() throws Exception {
    CheckResult result =
        new ResultBuilder()
            .endpoint(
                "GET /slow", 1, 1, 1, regression("", DifferenceKind.NO_RESPONSE, 1, 0, "x", "s1"))
            .example(
                exchange(
                    "s1",
                    "GET /slow",
                    get("/slow"),
                    answered(200, Headers.EMPTY, new byte[0]),
                    answered(200, Headers.EMPTY, new byte[0]),
                    new TargetOutcome.Failed(FailureKind.TIMEOUT, "no answer in 5 s", 5_000_000),
                    List.of(),
                    List.of()))
            .build();

    JsonNode candidate = json(result).at("/examples/s1/candidate");

    assertThat(candidate.get("outcome").asText()).isEqualTo("failed");
    assertThat(candidate.at("/failure/kind").asText()).isEqualTo("timeout");
    assertThat(candidate.at("/failure/message").asText()).isEqualTo("no answer in 5 s");
  }

  @Test
  void aBinaryBodyIsBase64WithItsEncodingMarked() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff, (byte) 0xfe};
    CheckResult result = withCandidateBody(Body.of(png));

    JsonNode body = json(result).at("/examples/b1/candidate/body");

    assertThat(body.get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(body.get("data").asText())).isEqualTo(png);
    assertThat(body.get("size").asInt()).isEqualTo(png.length);
    assertThat(body.get("truncated").asBoolean()).isFalse();
  }

  @Test
  void aBodyOverTheCapIsCutOnACharacterBoundaryAndMarkedTruncated() throws Exception {
    // "é" is two bytes: a cap of 5 would split the third one.
    byte[] text = "ééééé".getBytes(StandardCharsets.UTF_8);
    CheckResult result = withCandidateBody(Body.of(text));
    ReportLimits limits = new ReportLimits(5, 1024, 10, 10, 10);

    JsonNode body =
        MAPPER.readTree(new JsonReport(limits).render(result)).at("/examples/b1/candidate/body");

    assertThat(body.get("encoding").asText()).isEqualTo("utf-8");
    assertThat(body.get("data").asText()).isEqualTo("éé");
    assertThat(body.get("size").asInt()).isEqualTo(4);
    assertThat(body.get("originalSize").asInt()).isEqualTo(10);
    assertThat(body.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void numbersJsonCannotHoldAreWrittenAsNull() throws Exception {
    Finding nan =
        new Finding(
            "/body/x",
            DifferenceKind.VALUE_CHANGED,
            3,
            0,
            0,
            3,
            Double.NaN,
            Verdict.REGRESSION,
            "r",
            List.of("b1"));
    CheckResult result =
        new ResultBuilder()
            .endpoint("GET /x", 3, 3, 3, nan)
            .example(
                exchange(
                    "b1",
                    "GET /x",
                    get("/x"),
                    answered(200, Headers.EMPTY, new byte[0]),
                    answered(200, Headers.EMPTY, new byte[0]),
                    answered(200, Headers.EMPTY, new byte[0]),
                    List.of(
                        new Difference(
                            "/body/x",
                            "/body/x",
                            DifferenceKind.VALUE_CHANGED,
                            "1",
                            "2",
                            new ValueChange.Numeric(Double.POSITIVE_INFINITY))),
                    List.of()))
            .build();

    JsonNode root = json(result);

    assertThat(root.at("/endpoints/0/findings/0/pValue").isNull()).isTrue();
    assertThat(root.at("/examples/b1/candidateDifferences/0/change/relativeDelta").isNull())
        .isTrue();
    assertThat(JsonReportReader.read(JsonReport.toJson(result)).endpoints().get(0).findings())
        .extracting(Finding::pValue)
        .containsExactly(Double.NaN);
  }

  @Test
  void readingReportJsonBackGivesTheSameReport() {
    for (CheckResult result :
        List.of(
            Results.failing(),
            Results.passing(),
            new ResultBuilder().build(),
            withCandidateBody(Body.of(new byte[] {0, 1, 2, (byte) 0xc3, 0x28})))) {
      String json = JsonReport.toJson(result);

      CheckResult back = JsonReportReader.read(json);

      assertThat(JsonReport.toJson(back)).isEqualTo(json);
      assertThat(back.summary()).isEqualTo(result.summary());
      assertThat(back.run()).isEqualTo(result.run());
    }
  }

  @Test
  void aReportReadBackRendersTheSameHtml() {
    CheckResult result = Results.failing();
    HtmlReport html = new HtmlReport(ReportLimits.defaults());

    CheckResult back = JsonReportReader.read(JsonReport.toJson(result));

    assertThat(html.render(back)).isEqualTo(html.render(result));
  }

  @Test
  void anUndecidedFindingStandsBetweenRegressionsAndNoiseAndReadsBack() throws Exception {
    CheckResult result = Results.undecidedPath(true);

    JsonNode root = json(result);

    JsonNode orders = root.at("/endpoints/0");
    assertThat(orders.get("findings"))
        .extracting(f -> f.get("path").asText() + " " + f.get("verdict").asText())
        .containsExactly(
            "/body/total regression", "/body/shipping/eta undecided", "/body/generatedAt noise");
    assertThat(orders.get("regressions").asLong()).isEqualTo(1);
    assertThat(orders.get("undecided").asLong()).isEqualTo(1);
    assertThat(orders.get("decided").asText()).isEqualTo("undecided");
    assertThat(root.at("/summary/undecided").asLong()).isEqualTo(1);
    assertThat(root.at("/summary/inconclusive").asLong())
        .as("the old name, kept for one release")
        .isEqualTo(1);
    assertThat(root.at("/summary/verdict").asText()).isEqualTo("fail");
    CheckResult back = JsonReportReader.read(JsonReport.toJson(result));
    assertThat(back.endpoints().get(0).findings())
        .extracting(Finding::verdict)
        .containsExactly(Verdict.REGRESSION, Verdict.UNDECIDED, Verdict.NOISE);
    assertThat(back.endpoints().get(0).findings().get(1))
        .isEqualTo(result.endpoints().get(0).findings().get(1));
  }

  @Test
  void anUndecidedCheckSaysSoWithItsCoverageAndWhatAskingAgainCost() throws Exception {
    JsonNode root = json(Results.undecidedAfterAsking().build());

    JsonNode summary = root.get("summary");
    assertThat(summary.get("verdict").asText()).isEqualTo("undecided");
    assertThat(summary.get("undecided").asLong()).isEqualTo(2);
    assertThat(summary.get("regressions").asLong()).isZero();
    assertThat(summary.get("undecidedAccepted").asBoolean()).isFalse();
    assertThat(
            json(Results.undecidedAfterAsking().undecidedAccepted().build())
                .at("/summary/undecidedAccepted")
                .asBoolean())
        .isTrue();
    JsonNode coverage = root.get("coverage");
    assertThat(coverage.get("endpoints").asLong()).isEqualTo(4);
    assertThat(coverage.get("decidedOnRecorded").asLong()).isEqualTo(1);
    assertThat(coverage.get("decidedAfterRepeats").asLong()).isEqualTo(1);
    assertThat(coverage.get("undecided").asLong()).isEqualTo(2);
    assertThat(coverage.at("/notCovered/0/endpoint").asText()).isEqualTo("POST /orders");
    assertThat(coverage.at("/notCovered/0/requests").asLong()).isEqualTo(35);
    assertThat(coverage.at("/notCovered/0/detail").asText())
        .isEqualTo("POST is not replayed without --allow-side-effects");
    JsonNode repeats = root.get("repeats");
    assertThat(repeats.get("exchanges").asLong()).isEqualTo(112);
    assertThat(repeats.get("requests").asLong()).isEqualTo(7);
    assertThat(repeats.get("rounds").asLong()).isEqualTo(3);
    assertThat(repeats.get("elapsedMillis").asLong()).isEqualTo(3_200);
    assertThat(repeats.get("endedBecause").asText())
        .isEqualTo("the check's budget of 112 repeats is spent");
    assertThat(repeats.at("/limits/maxExchanges").asLong()).isEqualTo(112);
  }

  @Test
  void eachEndpointSaysHowItWasDecidedAndCountsItsAsks() throws Exception {
    JsonNode endpoints = json(Results.undecidedAfterAsking().build()).get("endpoints");

    assertThat(endpoints)
        .extracting(
            e ->
                e.get("endpoint").asText()
                    + " "
                    + e.get("decided").asText()
                    + " "
                    + e.get("requests").asLong()
                    + "+"
                    + e.get("repeats").asLong()
                    + "="
                    + e.get("asks").asLong())
        .containsExactly(
            "GET /products/{id} undecided 80+16=96",
            "GET /reports/{id} undecided 30+0=30",
            "GET /orders/{id} recorded 400+0=400",
            "GET /customers/{id} repeats 120+96=216");
    JsonNode stock = endpoints.at("/0/findings/0");
    assertThat(stock.get("verdict").asText()).isEqualTo("undecided");
    assertThat(stock.get("reason").asText()).contains("Asked again 16 times on 1 request");
    assertThat(stock.get("asked"))
        .isEqualTo(
            MAPPER.readTree(
                "{\"requests\": 1, \"repeats\": 16, \"candidateDiffered\": 3,"
                    + " \"secondaryDiffered\": 0}"));
    assertThat(stock.get("crossCutting").isNull()).isTrue();
  }

  @Test
  void aChangeAcrossEndpointsIsWrittenOnceAtTheTopAndItsPartsNameIt() throws Exception {
    JsonNode root = json(Results.acrossEndpoints());

    assertThat(fieldNames(root))
        .containsSubsequence("summary", "guards", "crossCutting", "endpoints");
    JsonNode change = root.at("/crossCutting/0");
    assertThat(root.get("crossCutting")).hasSize(1);
    assertThat(change.get("key").asText()).isEqualTo("/headers/x-powered-by field_added");
    assertThat(change.get("endpoints"))
        .extracting(JsonNode::asText)
        .containsExactly("GET /orders/{id}", "GET /customers/{id}", "GET /health");
    assertThat(change.get("candidateCount").asLong()).isEqualTo(580);
    assertThat(change.get("asks").asLong()).isEqualTo(580);
    assertThat(root.at("/summary/regressions").asLong())
        .as("one regression of its own and the change, counted once")
        .isEqualTo(2);
    JsonNode orders = root.at("/endpoints/0");
    assertThat(orders.get("regressions").asLong())
        .as("the part of the change is counted with the change")
        .isEqualTo(1);
    assertThat(orders.get("findings"))
        .extracting(f -> f.get("path").asText() + " " + f.get("crossCutting").asText("-"))
        .containsExactly(
            "/body/total -",
            "/headers/x-powered-by /headers/x-powered-by field_added",
            "/body/generatedAt -");
  }

  @Test
  void undecidedRepeatsCoverageAndChangesAcrossEndpointsReadBackAsTheyWere() {
    for (CheckResult result :
        List.of(
            Results.undecidedAfterAsking().build(),
            Results.undecidedAfterAsking().undecidedAccepted().build(),
            Results.acrossEndpoints())) {
      CheckResult back = JsonReportReader.read(JsonReport.toJson(result));

      assertThat(back.summary()).isEqualTo(result.summary());
      assertThat(back.endpoints()).isEqualTo(result.endpoints());
      assertThat(back.crossCutting()).isEqualTo(result.crossCutting());
      assertThat(back.repeats()).isEqualTo(result.repeats());
      assertThat(back.notCovered()).isEqualTo(result.notCovered());
    }
  }

  @Test
  void aReportOfSchemaVersionOneReadsItsInconclusiveFindingsAsUndecided() {
    String v1 = new String(ResultBuilder.fixture("v1/needing-a-look.json"), StandardCharsets.UTF_8);

    CheckResult back = JsonReportReader.read(v1);

    assertThat(back.summary().verdict())
        .as("the verdict the run had when it was written")
        .isEqualTo(CheckVerdict.FAIL);
    assertThat(back.summary().undecided()).isEqualTo(1);
    assertThat(back.endpoints().get(0).findings())
        .extracting(Finding::verdict)
        .containsExactly(Verdict.REGRESSION, Verdict.UNDECIDED, Verdict.NOISE);
    assertThat(back.endpoints().get(0).repeats()).isZero();
    assertThat(back.crossCutting()).isEmpty();
    assertThat(back.repeats().any()).isFalse();
    assertThat(back.notCovered()).isEmpty();
    assertThat(JsonReport.toJson(back)).contains("\"verdict\" : \"undecided\"");
  }

  @Test
  void aCheckWithoutVerdictIsIncompleteNamesTheSilentTargetAndReadsBack() throws Exception {
    CheckResult silent =
        new ResultBuilder()
            .endpoint("GET /a", 10, 0, 0)
            .targets(
                ResultBuilder.target("primary", ResultBuilder.PRIMARY, 10, 10),
                ResultBuilder.target("secondary", ResultBuilder.SECONDARY, 10, 10),
                ResultBuilder.target("candidate", ResultBuilder.CANDIDATE, 10, 0))
            .build();
    CheckResult nothingCompared =
        new ResultBuilder().skipped("side_effect_method", "POST", 4).build();

    JsonNode summary = json(silent).get("summary");

    assertThat(summary.get("verdict").asText()).isEqualTo("incomplete");
    assertThat(summary.get("targetsNeverAnswered"))
        .extracting(JsonNode::asText)
        .containsExactly("candidate");
    assertThat(summary.has("incomplete")).as("the verdict says it; no second flag").isFalse();
    assertThat(json(nothingCompared).at("/summary/verdict").asText()).isEqualTo("incomplete");
    assertThat(json(nothingCompared).at("/summary/targetsNeverAnswered")).isEmpty();
    for (CheckResult result : List.of(silent, nothingCompared)) {
      assertThat(JsonReportReader.read(JsonReport.toJson(result)).summary().verdict())
          .isEqualTo(CheckVerdict.INCOMPLETE);
    }
  }

  @Test
  void everyVerdictOfACheckReadsBack() {
    for (CheckVerdict verdict : CheckVerdict.values()) {
      Summary s = new Summary(10, 10, 0, 0, 0, verdict);
      CheckResult result = new ResultBuilder().endpoint("GET /a", 10, 0, 0).summary(s).build();

      assertThat(JsonReportReader.read(JsonReport.toJson(result)).summary()).isEqualTo(s);
    }
  }

  @Test
  void aReportFromBeforeChecksCouldBeIncompleteReadsItsFlagAsNoVerdict() throws Exception {
    ObjectNode root = (ObjectNode) json(Results.passing());
    ((ObjectNode) root.get("summary")).put("incomplete", true);

    CheckResult back = JsonReportReader.read(MAPPER.writeValueAsString(root));

    assertThat(back.summary().verdict()).isEqualTo(CheckVerdict.INCOMPLETE);
  }

  @Test
  void anUnknownVerdictIsNamedWithItsPointerAndTheVerdictsExpected() throws Exception {
    ObjectNode root = (ObjectNode) json(Results.failing());
    ((ObjectNode) root.at("/endpoints/0/findings/0")).put("verdict", "maybe");
    ObjectNode summary = (ObjectNode) json(Results.failing()).get("summary");
    summary.put("verdict", "unsure");
    ObjectNode other = (ObjectNode) json(Results.failing());
    other.set("summary", summary);

    assertThatThrownBy(() -> JsonReportReader.read(MAPPER.writeValueAsString(root)))
        .hasMessageContaining("/endpoints/0/findings/0/verdict")
        .hasMessageContaining("expected regression, undecided, noise, not 'maybe'");
    assertThatThrownBy(() -> JsonReportReader.read(MAPPER.writeValueAsString(other)))
        .hasMessageContaining("/summary/verdict")
        .hasMessageContaining("expected pass, fail, incomplete, undecided, not 'unsure'");
  }

  /**
   * report.json as written before it was streamed, kept as files: the streamed report must be the
   * same to the byte, whether written to a file or rendered as text.
   */
  @Test
  void reportJsonIsByteForByteWhatTheTreeWriterWrote(@TempDir Path tmp) throws Exception {
    Map<String, CheckResult> results =
        Map.of(
            "failing", Results.failing(),
            "passing", Results.passing(),
            "undecided-path", Results.undecidedPath(true),
            "undecided-after-asking", Results.undecidedAfterAsking().build(),
            "across-endpoints", Results.acrossEndpoints(),
            "text-lines", Results.textLines(),
            "injected", HtmlReportTest.injected(),
            "odd", Results.odd());
    for (Map.Entry<String, CheckResult> e : results.entrySet()) {
      byte[] golden = ResultBuilder.fixture("golden/" + e.getKey() + ".json");
      Path dir = tmp.resolve(e.getKey());

      ReportWriter.writeAll(e.getValue(), dir);

      assertThat(Files.readAllBytes(dir.resolve(ReportWriter.JSON)))
          .as("report.json of %s", e.getKey())
          .isEqualTo(golden);
      assertThat(JsonReport.toJson(e.getValue()))
          .as("text of %s", e.getKey())
          .isEqualTo(new String(golden, StandardCharsets.UTF_8));
    }
  }

  @Test
  void theStoreCopyIsOneLineWithBodiesCutTo16KibAndReadsBack() throws Exception {
    StringBuilder big = new StringBuilder("{\"rows\": [");
    for (int i = 0; big.length() < 100 * 1024; i++) {
      big.append(i == 0 ? "" : ", ").append("{\"n\": ").append(i).append(", \"é\": \"ü\"}");
    }
    CheckResult result = withCandidateBody(Body.of(big.append("]}").toString()));

    String stored = JsonReport.forStore(result);

    assertThat(stored)
        .doesNotContain("\n")
        .startsWith("{\"schemaVersion\":" + JsonReport.SCHEMA_VERSION + ",");
    JsonNode body = MAPPER.readTree(stored).at("/examples/b1/candidate/body");
    assertThat(body.get("size").asInt()).isBetween(16 * 1024 - 3, 16 * 1024);
    assertThat(body.get("originalSize").asInt()).isEqualTo(BodyBytes.of(bodyOf(result)).length);
    assertThat(body.get("truncated").asBoolean()).isTrue();
    assertThat(stored.length()).isLessThan(JsonReport.toJson(result).length() / 4);

    CheckResult back = JsonReportReader.read(stored);
    assertThat(back.summary()).isEqualTo(result.summary());
    assertThat(back.run()).isEqualTo(result.run());
    assertThat(back.endpoints()).isEqualTo(result.endpoints());
    Body cut = bodyOf(back);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.originalSize()).isEqualTo(bodyOf(result).originalSize());
    assertThat(new String(cut.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(new String(bodyOf(result).bytes(), 0, cut.length(), StandardCharsets.UTF_8));
  }

  @Test
  void aStoredRunRendersTheSameReportsAsTheRunItself() {
    for (CheckResult result :
        List.of(
            Results.failing(),
            Results.undecidedPath(true),
            Results.textLines(),
            Results.undecidedAfterAsking().build(),
            Results.undecidedAfterAsking().undecidedAccepted().build(),
            Results.acrossEndpoints())) {
      CheckResult back = JsonReportReader.read(JsonReport.forStore(result));

      ReportLimits limits = ReportLimits.defaults();
      assertThat(new HtmlReport(limits).render(back))
          .isEqualTo(new HtmlReport(limits).render(result));
      assertThat(new MarkdownSummary(limits).render(back))
          .isEqualTo(new MarkdownSummary(limits).render(result));
      assertThat(new JunitReport().render(back)).isEqualTo(new JunitReport().render(result));
      assertThat(JsonReport.toJson(back)).isEqualTo(JsonReport.toJson(result));
    }
  }

  @Test
  void compactJsonHoldsTheSameReportAsReportJson() throws Exception {
    for (CheckResult result :
        List.of(Results.failing(), Results.odd(), HtmlReportTest.injected())) {
      JsonNode compact = MAPPER.readTree(JsonReport.toJson(result, ReportLimits.defaults()));

      assertThat(compact).isEqualTo(MAPPER.readTree(JsonReport.toJson(result)));
    }
  }

  private static Body bodyOf(CheckResult result) {
    return ((TargetOutcome.Answered) result.examples().get("b1").candidate()).response().body();
  }

  @Test
  void aMissingFieldIsNamedWithItsPointer() throws Exception {
    ObjectNode root = (ObjectNode) json(Results.failing());
    ((ObjectNode) root.get("summary")).remove("requests");

    assertThatThrownBy(() -> JsonReportReader.read(MAPPER.writeValueAsString(root)))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.malformed"))
        .hasMessageContaining("/summary/requests");
  }

  @Test
  void anUnknownKindIsNamedWithItsPointer() throws Exception {
    ObjectNode root = (ObjectNode) json(Results.failing());
    ((ObjectNode) root.at("/endpoints/1/findings/0")).put("kind", "teleported");

    assertThatThrownBy(() -> JsonReportReader.read(MAPPER.writeValueAsString(root)))
        .hasMessageContaining("/endpoints/1/findings/0/kind")
        .hasMessageContaining("teleported");
  }

  @Test
  void textThatIsNotJsonIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> JsonReportReader.read("{\"summary\": "))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.malformed"))
        .hasMessageContaining("line 1");
  }

  @Test
  void aReportFileIsReadAsItIsParsedAndACutOrMissingFileIsNamed(@TempDir Path tmp)
      throws Exception {
    Path file = tmp.resolve("report.json");
    ReportWriter.writeAll(Results.failing(), tmp);
    assertThat(JsonReportReader.read(file).summary()).isEqualTo(Results.failing().summary());

    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
    Path missing = tmp.resolve("gone.json");

    assertThatThrownBy(() -> JsonReportReader.read(file))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.malformed"))
        .hasMessageStartingWith("report.json is not JSON at line ");
    assertThatThrownBy(() -> JsonReportReader.read(missing))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.unreadable"))
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aReportFromANewerSpotterIsRefused() throws Exception {
    ObjectNode root = (ObjectNode) json(Results.passing());
    root.put("schemaVersion", JsonReport.SCHEMA_VERSION + 1);

    assertThatThrownBy(() -> JsonReportReader.read(MAPPER.writeValueAsString(root)))
        .isInstanceOfSatisfying(
            SpotterException.class,
            e -> assertThat(e.code()).isEqualTo("report.unsupported_version"));
  }

  static CheckResult withCandidateBody(Body body) {
    return new ResultBuilder()
        .endpoint(
            "GET /blob/{id}",
            1,
            1,
            1,
            regression("/body", DifferenceKind.VALUE_CHANGED, 1, 0, "changed", "b1"))
        .example(
            exchange(
                "b1",
                "GET /blob/{id}",
                get("/blob/1"),
                answered(200, Headers.of("Content-Type", "application/octet-stream"), Body.of("a")),
                answered(200, Headers.of("Content-Type", "application/octet-stream"), Body.of("a")),
                answered(200, Headers.of("Content-Type", "application/octet-stream"), body),
                List.of(ResultBuilder.diff("/body", DifferenceKind.VALUE_CHANGED, "h1", "h2")),
                List.of()))
        .build();
  }

  private static JsonNode findingAt(JsonNode endpoint, String path) {
    for (JsonNode f : endpoint.get("findings")) {
      if (f.get("path").asText().equals(path)) {
        return f;
      }
    }
    throw new AssertionError("no finding at " + path);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
