package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Body;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void writesTheFourReportsIntoANewDirectory() {
    Path dir = tmp.resolve("spotter-report");

    List<Path> files = ReportWriter.writeAll(Results.failing(), dir);

    assertThat(files)
        .containsExactly(
            dir.resolve("report.json"),
            dir.resolve("report.html"),
            dir.resolve("junit.xml"),
            dir.resolve("summary.md"));
    assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile().isNotEmptyFile());
  }

  @Test
  void aFailingCheckFailsInEveryReport() throws Exception {
    Path dir = tmp.resolve("fail");
    ReportWriter.writeAll(Results.failing(), dir);

    assertVerdictEverywhere(dir, "fail");
  }

  @Test
  void aPassingCheckPassesInEveryReport() throws Exception {
    Path dir = tmp.resolve("pass");
    ReportWriter.writeAll(Results.passing(), dir);

    assertVerdictEverywhere(dir, "pass");
  }

  @Test
  void anEmptyResultStillWritesEveryReport() throws Exception {
    Path dir = tmp.resolve("empty");
    CheckResult empty =
        new CheckResult(null, null, List.of(), List.of(), List.of(), java.util.Map.of());

    ReportWriter.writeAll(empty, dir);

    assertVerdictEverywhere(dir, "incomplete");
    assertThat(read(dir, "report.html")).contains("No request was compared");
  }

  @Test
  void aTargetThatNeverAnsweredLeavesEveryReportWithoutVerdictAndReadsBackSo() throws Exception {
    Path dir = tmp.resolve("silent");
    CheckResult result =
        new ResultBuilder()
            .endpoint("GET /a", 10, 0, 0)
            .targets(
                ResultBuilder.target("primary", ResultBuilder.PRIMARY, 10, 10),
                ResultBuilder.target("secondary", ResultBuilder.SECONDARY, 10, 10),
                ResultBuilder.target("candidate", ResultBuilder.CANDIDATE, 10, 0))
            .build();

    ReportWriter.writeAll(result, dir);

    assertVerdictEverywhere(dir, "incomplete");
    String reason = "The candidate at http://127.0.0.1:8083 was sent 10 requests and answered none";
    assertThat(read(dir, "report.html")).contains(reason);
    assertThat(read(dir, "summary.md")).contains("never answered");
    assertThat(read(dir, "junit.xml")).contains(reason);
    CheckResult back = JsonReportReader.read(dir.resolve("report.json"));
    assertThat(back.summary().verdict()).isEqualTo(CheckVerdict.INCOMPLETE);
    assertThat(new HtmlReport(ReportLimits.defaults()).render(back))
        .isEqualTo(read(dir, "report.html"));
  }

  @Test
  void anUndecidedCheckIsUndecidedInEveryReportAndPassesInNone() throws Exception {
    Path dir = tmp.resolve("undecided");

    ReportWriter.writeAll(Results.undecidedPath(false), dir);

    assertVerdictEverywhere(dir, "undecided");
    JsonNode json = MAPPER.readTree(dir.resolve("report.json").toFile());
    assertThat(json.at("/endpoints/0/findings/0/verdict").asText()).isEqualTo("undecided");
    String headline = "No regression shown, but 1 finding on 1 endpoint is undecided";
    assertThat(read(dir, "report.html")).contains("<h1>" + headline + "</h1>");
    assertThat(read(dir, "summary.md")).contains(headline);
    assertThat(read(dir, "junit.xml")).contains(headline).doesNotContain("<failure");
    for (String name : List.of("report.html", "summary.md", "junit.xml")) {
      assertThat(read(dir, name)).as(name).doesNotContain("needs a look").doesNotContain("Pass");
    }
  }

  @Test
  void everyReportCountsAChangeAcrossEndpointsOnceAndTheSame() throws Exception {
    Path dir = tmp.resolve("across");

    ReportWriter.writeAll(Results.acrossEndpoints(), dir);

    assertVerdictEverywhere(dir, "fail");
    String headline = "1 change across 3 endpoints and 1 regression in 1 endpoint";
    assertThat(read(dir, "report.html")).contains("<h1>" + headline + "</h1>");
    assertThat(read(dir, "summary.md")).contains(headline);
    assertThat(read(dir, "junit.xml")).contains(headline);
    JsonNode json = MAPPER.readTree(dir.resolve("report.json").toFile());
    assertThat(json.at("/summary/regressions").asLong()).isEqualTo(2);
    assertThat(
            JunitReportTest.parse(read(dir, "junit.xml"))
                .getElementsByTagName("failure")
                .getLength())
        .isEqualTo(2);
  }

  @Test
  void binaryInvalidUtf8AndHugeBodiesDoNotBreakWriting() throws Exception {
    byte[] binary = new byte[4096];
    new Random(7).nextBytes(binary);
    byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xc0, '"', '}'};
    byte[] huge = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'x');
    huge[0] = '"';
    huge[huge.length - 1] = '"';

    for (byte[] body : List.of(binary, invalidUtf8, huge)) {
      Path dir = Files.createTempDirectory(tmp, "odd");
      CheckResult result = JsonReportTest.withCandidateBody(Body.of(body));

      ReportWriter.writeAll(result, dir);

      JsonNode json = MAPPER.readTree(dir.resolve("report.json").toFile());
      assertThat(json.at("/examples/b1/candidate/body/originalSize").asLong())
          .isEqualTo(body.length);
      assertThat(Files.size(dir.resolve("report.json"))).isLessThan(1024 * 1024);
      assertThat(Files.size(dir.resolve("report.html"))).isLessThan(1024 * 1024);
      JunitReportTest.parse(read(dir, "junit.xml"));
    }
  }

  @Test
  void rewritingReplacesTheOldReportAndKeepsItReadableByItsOwnerOnly() throws Exception {
    Path dir = tmp.resolve("again");
    ReportWriter.writeAll(Results.failing(), dir);

    ReportWriter.writeAll(Results.passing(), dir);

    assertVerdictEverywhere(dir, "pass");
    for (String name : List.of("report.json", "report.html", "junit.xml", "summary.md")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsAClearError() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> ReportWriter.writeAll(Results.passing(), file))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.dir"))
        .hasMessageContaining("not-a-dir");
  }

  private static void assertVerdictEverywhere(Path dir, String verdict) throws Exception {
    boolean fail = verdict.equals("fail");
    boolean none = verdict.equals("incomplete");
    boolean undecided = verdict.equals("undecided");
    JsonNode json = MAPPER.readTree(dir.resolve("report.json").toFile());
    assertThat(json.at("/summary/verdict").asText()).isEqualTo(verdict);
    String pill = none ? "No verdict" : fail ? "Fail" : undecided ? "Undecided" : "Pass";
    assertThat(read(dir, "report.html")).contains("<span class=\"pill\">" + pill + "</span>");
    Document junit = JunitReportTest.parse(read(dir, "junit.xml"));
    assertThat(junit.getElementsByTagName("failure").getLength() > 0).isEqualTo(fail);
    assertThat(junit.getElementsByTagName("error").getLength() > 0).isEqualTo(none || undecided);
    assertThat(read(dir, "summary.md"))
        .startsWith(
            none
                ? "### ⚠️ Spotter check gave no verdict"
                : fail
                    ? "### ❌ Spotter check failed"
                    : undecided
                        ? "### ⚠️ Spotter check is undecided"
                        : "### ✅ Spotter check passed");
  }

  private static String read(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }
}
