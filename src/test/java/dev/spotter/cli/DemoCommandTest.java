package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.demo.NoisePath;
import dev.spotter.demo.PlantedRegression;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.Endpoint;
import dev.spotter.testsupport.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's first command, end to end, judged from its report.json alone. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theCanaryDemoRollsTheNewBuildBackByItselfForItsServerErrors() throws IOException {
    Path report = dir.resolve("report");
    Cli.Result run =
        Cli.run(
            "demo",
            "--canary",
            "--store",
            dir.resolve("s.db").toString(),
            "--report",
            report.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("ROLLED_BACK", "rolled back by itself, as it should be");
    JsonNode json = new ObjectMapper().readTree(report.resolve("canary/report.json").toFile());
    assertThat(json.get("verdict").asText()).isEqualTo("rolled_back");
    assertThat(json.get("reason").asText()).contains("error-rate");
    assertThat(report.resolve("canary/report.html")).isNotEmptyFile();
  }

  @Test
  void demoFindsEveryPlantedRegressionAndCallsNoNoiseARegression() throws IOException {
    Path report = dir.resolve("report");
    Cli.Result run =
        Cli.run("demo", "--store", dir.resolve("s.db").toString(), "--report", report.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Every planted regression was found");
    // a history to look around in, added once
    String store = dir.resolve("s.db").toString();
    assertThat(Cli.run("incident", "list", "--store", store).out())
        .contains("[demo] Checkout answered 500 for unknown customers", "2 open");
    assertThat(Cli.run("guard", "list", "--store", store).out()).contains("disabled");
    assertThat(Cli.run("deploy", "report", "--store", store, "--window", "60d").out())
        .contains("change fail rate", "high");
    Cli.Result again =
        Cli.run("demo", "--store", store, "--report", dir.resolve("again").toString());
    assertThat(again.out()).doesNotContain("added a small history");
    assertThat(Cli.run("incident", "list", "--store", store).out().lines().count())
        .isEqualTo(3); // the header and the two incidents, not four
    for (String file : List.of("report.json", "report.html", "junit.xml", "summary.md")) {
      assertThat(report.resolve(file)).isNotEmptyFile();
    }

    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    assertThat(json.at("/summary/verdict").asText()).isEqualTo("fail");
    assertThat(json.at("/summary/skipped").asLong()).as("POSTs are not replayed").isPositive();
    List<String> regressions = new ArrayList<>();
    for (JsonNode endpoint : json.get("endpoints")) {
      for (JsonNode finding : endpoint.get("findings")) {
        if (finding.get("verdict").asText().equals("regression")) {
          regressions.add(
              endpoint.get("endpoint").asText()
                  + " "
                  + finding.get("path").asText()
                  + " "
                  + finding.get("kind").asText());
          assertThat(NoisePath.isNoise(finding.get("path").asText()))
              .as("noise path judged a regression: %s", finding)
              .isFalse();
          assertThat(finding.get("reason").asText()).isNotBlank();
        }
      }
    }
    assertThat(regressions).hasSize(PlantedRegression.all().size());
    for (PlantedRegression planted : PlantedRegression.all()) {
      EndpointPattern pattern = EndpointPattern.parse(planted.endpoint().toString());
      assertThat(regressions)
          .as("planted %s", planted)
          .anyMatch(
              r -> {
                String[] parts = r.split(" ");
                return pattern.matches(new Endpoint(parts[0], parts[1]))
                    && parts[2].equals(planted.path())
                    && parts[3].equals(planted.kind());
              });
    }
    assertThat(Files.readString(report.resolve("junit.xml"))).contains("<failure");
  }
}
