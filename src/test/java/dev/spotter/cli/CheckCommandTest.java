package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.capture.HarWriter;
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.model.Exchange;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotter check} as a user runs it, against real services on free ports. */
class CheckCommandTest {
  private static LegacyOrdersService oldOne;
  private static LegacyOrdersService oldTwo;
  private static LegacyOrdersService oldThree;
  private static LegacyOrdersService newOne;
  @TempDir static Path shared;
  private static Path har;

  @TempDir Path dir;

  @BeforeAll
  static void startServicesAndRecordTraffic() throws IOException {
    oldOne = LegacyOrdersService.start(Build.OLD, 0);
    oldTwo = LegacyOrdersService.start(Build.OLD, 0);
    oldThree = LegacyOrdersService.start(Build.OLD, 0);
    newOne = LegacyOrdersService.start(Build.NEW, 0);
    List<Exchange> traffic = TrafficGenerator.withDefaults().run(oldOne.baseUri(), 300, 11);
    har = shared.resolve("traffic.har");
    try (OutputStream out = Files.newOutputStream(har);
        HarWriter writer = new HarWriter(out)) {
      traffic.forEach(writer::write);
    }
  }

  @AfterAll
  static void stop() {
    for (LegacyOrdersService s : new LegacyOrdersService[] {oldOne, oldTwo, oldThree, newOne}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private Cli.Result check(String candidate, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "check",
                "--store",
                dir.resolve("s.db").toString(),
                "--report",
                dir.resolve("report").toString(),
                "--primary",
                oldOne.baseUri().toString(),
                "--secondary",
                oldTwo.baseUri().toString(),
                "--candidate",
                candidate));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private JsonNode reportJson() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("report/report.json").toFile());
  }

  @Test
  void anotherCopyOfTheOldBuildPassesWithExitZero() throws IOException {
    Cli.Result run = check(oldThree.baseUri().toString(), "--har", har.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("PASS: no regression.");
    assertThat(reportJson().at("/summary/verdict").asText()).isEqualTo("pass");
    assertThat(reportJson().at("/summary/regressions").asLong()).isZero();
  }

  @Test
  void theNewBuildFailsWithExitOneNamingWhatChanged() throws IOException {
    Cli.Result imported =
        Cli.run(
            "import",
            "--store",
            dir.resolve("s.db").toString(),
            "--corpus",
            "traffic",
            har.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();

    Cli.Result run = check(newOne.baseUri().toString(), "--corpus", "traffic");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL:")
        .contains("/body/price")
        .contains("type_changed")
        .contains("report.html");
    JsonNode json = reportJson();
    assertThat(json.at("/summary/verdict").asText()).isEqualTo("fail");
    assertThat(json.at("/summary/regressions").asLong()).isGreaterThanOrEqualTo(4);

    Cli.Result runs = Cli.run("runs", "--store", dir.resolve("s.db").toString());
    assertThat(runs.out()).contains("fail").contains("corpus traffic");

    // CI retrying the failed job sees the same catch: the kudos log thanks it once
    Cli.Result retry = check(newOne.baseUri().toString(), "--corpus", "traffic");
    assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(1);
    Cli.Result kudos = Cli.run("kudos", "list", "--store", dir.resolve("s.db").toString());
    assertThat(kudos.out().lines().filter(l -> l.contains("A check caught")))
        .as(kudos.out())
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("corpus traffic against " + newOne.baseUri()));
  }

  @Test
  void anUnreachableCandidateStopsTheCheckBeforeAnyRequestIsSent() {
    int closedPort = Ports.closed();
    Cli.Result run =
        check("http://127.0.0.1:" + closedPort, "--har", har.toString(), "--timeout", "2s");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("the candidate at http://127.0.0.1:" + closedPort + " cannot be reached")
        .contains("connection refused");
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
    assertThat(dir.resolve("report/report.json")).doesNotExist();
  }

  @Test
  void aCandidateThatAcceptsButNeverAnswersGivesNoVerdictExitTwoAndStillAReport() throws Exception {
    try (ServerSocket hangUp = new ServerSocket(0)) {
      Thread closer =
          new Thread(
              () -> {
                while (!hangUp.isClosed()) {
                  try {
                    hangUp.accept().close(); // accept, then hang up without a word
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      closer.setDaemon(true);
      closer.start();
      Cli.Result run =
          check(
              "http://127.0.0.1:" + hangUp.getLocalPort(),
              "--har",
              har.toString(),
              "--timeout",
              "2s");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      // Progress lines may come before it; the error itself is one line.
      assertThat(run.err().lines().filter(l -> l.startsWith("spotter:")))
          .singleElement()
          .asString()
          .startsWith("spotter: no verdict: the candidate at")
          .contains("never answered");
      assertThat(run.out()).contains("NO VERDICT").doesNotContain("Regressions:");
      assertThat(reportJson().at("/summary/verdict").asText()).isEqualTo("incomplete");
      assertThat(dir.resolve("report/junit.xml")).isNotEmptyFile();
    }
  }

  @Test
  void aHostThatDoesNotResolveIsNamedAsSuch() {
    Cli.Result run =
        check("http://no-such-host.invalid:8080", "--har", har.toString(), "--timeout", "2s");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no-such-host.invalid").contains("does not resolve");
  }

  @Test
  void withoutACandidateItIsAUsageErrorNamingTheOption() {
    Cli.Result run =
        Cli.run("check", "--store", dir.resolve("s.db").toString(), "--primary", "http://a:1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--candidate");
  }

  @Test
  void aMalformedHarIsNamedWithFileAndEntryAndNothingIsSent() {
    Cli.Result run =
        check(
            newOne.baseUri().toString(),
            "--har",
            Path.of("src/test/resources/fixtures/capture/truncated.har").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("truncated.har").contains("entry");
    assertThat(dir.resolve("report/report.json")).doesNotExist();
  }

  @Test
  void aConfigurationErrorNamesFileLineAndKey() throws IOException {
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(config, "replay:\n  concurrency: 8\n  retries: 3\n");
    Cli.Result run =
        check(newOne.baseUri().toString(), "--har", har.toString(), "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spotter.yaml:3:").contains("replay.retries");
  }

  @Test
  void anIgnoreRuleInTheConfigurationTakesAPathOutOfTheJudgement() throws IOException {
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        "diff:\n"
            + "  ignore:\n"
            + "    - path: /body/price\n"
            + "      endpoint: GET /products/{sku}\n");
    Cli.Result run =
        check(newOne.baseUri().toString(), "--har", har.toString(), "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).doesNotContain("/body/price").contains("/body/tax");
  }

  @Test
  void aRequestListWithoutRecordedResponsesIsCheckedLikeTheFullRecording() throws IOException {
    // what a load tool's HAR export looks like: the same entries, without any response
    ObjectMapper mapper = new ObjectMapper();
    JsonNode full = mapper.readTree(har.toFile());
    for (JsonNode entry : full.at("/log/entries")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove("response");
    }
    Path requests = dir.resolve("requests.har");
    mapper.writeValue(requests.toFile(), full);

    check(oldThree.baseUri().toString(), "--har", har.toString());
    long comparedWithAnswers = reportJson().at("/summary/compared").asLong();
    Cli.Result same = check(oldThree.baseUri().toString(), "--har", requests.toString());
    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(reportJson().at("/summary/compared").asLong()).isEqualTo(comparedWithAnswers);

    Cli.Result changed = check(newOne.baseUri().toString(), "--har", requests.toString());
    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
  }

  @Test
  void sideEffectingRequestsAreReplayedOnlyWhenAllowed() throws IOException {
    check(oldThree.baseUri().toString(), "--har", har.toString());
    long skipped = reportJson().at("/summary/skipped").asLong();
    assertThat(skipped).isPositive();
    assertThat(reportJson().get("skipped").toString()).contains("side_effect_method");

    check(oldThree.baseUri().toString(), "--har", har.toString(), "--allow-side-effects");
    assertThat(reportJson().at("/summary/skipped").asLong()).isZero();
  }

  @Test
  void skippedUnreadableEntriesOfAFileAreCountedAsSkipped() throws IOException {
    Cli.Result run =
        check(
            oldThree.baseUri().toString(),
            "--har",
            Path.of("src/test/resources/fixtures/capture/invalid-entries.har").toString(),
            "--skip-invalid",
            "--timeout",
            "2s");
    JsonNode json = reportJson();
    assertThat(json.get("skipped").toString()).as(run.toString()).contains("invalid_entry");
    assertThat(json.at("/summary/skipped").asLong()).isPositive();
  }
}
