package dev.spotter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One {@code spotter check} of a JSONL corpus run through the real command line, and what its
 * report.json says: which endpoints it saw, which it calls regressions, its verdict.
 */
public final class SpotterCheck {
  /** What one check printed, returned and wrote. */
  public record Outcome(Cli.Result cli, JsonNode report) {
    public int exitCode() {
      return cli.exitCode();
    }

    /** {@code summary.verdict} of report.json, or null without a report. */
    public String verdict() {
      return report == null ? null : report.path("summary").path("verdict").asText(null);
    }

    /** Every endpoint of the report, as "METHOD /template". */
    public Set<String> endpoints() {
      Set<String> names = new TreeSet<>();
      if (report != null) {
        report.path("endpoints").forEach(e -> names.add(name(e)));
      }
      return names;
    }

    /** Endpoints with at least one finding whose verdict is "regression". */
    public Set<String> regressionEndpoints() {
      Set<String> names = new TreeSet<>();
      if (report != null) {
        for (JsonNode e : report.path("endpoints")) {
          for (JsonNode f : e.path("findings")) {
            if ("regression".equals(f.path("verdict").asText())) {
              names.add(name(e));
            }
          }
        }
      }
      return names;
    }

    /**
     * The changes across endpoints of report.json, as "PATH KIND" ("/headers/vary field_added").
     */
    public List<String> crossCutting() {
      List<String> keys = new ArrayList<>();
      if (report != null) {
        report
            .path("crossCutting")
            .forEach(x -> keys.add(x.path("path").asText() + " " + x.path("kind").asText()));
      }
      return keys;
    }

    /** Regressions an endpoint lists as its own (not part of a change across endpoints). */
    public List<String> ownRegressions() {
      List<String> own = new ArrayList<>();
      if (report != null) {
        for (JsonNode e : report.path("endpoints")) {
          for (JsonNode f : e.path("findings")) {
            if ("regression".equals(f.path("verdict").asText())
                && f.path("crossCutting").isNull()) {
              own.add(name(e) + " " + f.path("path").asText() + " " + f.path("kind").asText());
            }
          }
        }
      }
      return own;
    }

    /** Every finding of report.json that has the given verdict, one line each. */
    public List<String> findingsWithVerdict(String verdict) {
      return findingList().stream()
          .filter(f -> f.verdict().equals(verdict))
          .map(Finding::toString)
          .toList();
    }

    /** Every finding of report.json, one line each: endpoint, path, kind, verdict, counts. */
    public List<String> findings() {
      return findingList().stream().map(Finding::toString).toList();
    }

    private List<Finding> findingList() {
      List<Finding> list = new ArrayList<>();
      if (report != null) {
        for (JsonNode e : report.path("endpoints")) {
          for (JsonNode f : e.path("findings")) {
            list.add(
                new Finding(
                    name(e),
                    f.path("path").asText(),
                    f.path("kind").asText(),
                    f.path("verdict").asText(),
                    f.path("candidateCount").asLong(),
                    f.path("noiseCount").asLong(),
                    e.path("requests").asLong()));
          }
        }
      }
      return list;
    }

    /** The command line's output and every finding, for assertion messages. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("spotter check: ").append(cli).append('\n');
      if (report == null) {
        sb.append("(no report.json was written)\n");
      } else {
        sb.append("report.json summary: ").append(report.path("summary")).append('\n');
        sb.append("report.json repeats: ").append(report.path("repeats")).append('\n');
        sb.append("report.json run: ")
            .append(report.path("run").path("elapsedMillis").asLong())
            .append(" ms in all\n");
        sb.append("report.json findings:\n");
        findings().forEach(l -> sb.append("  ").append(l).append('\n'));
      }
      return sb.toString();
    }

    private static String name(JsonNode endpoint) {
      if (endpoint.hasNonNull("method") && endpoint.hasNonNull("pathTemplate")) {
        return endpoint.get("method").asText() + " " + endpoint.get("pathTemplate").asText();
      }
      return endpoint.path("endpoint").asText();
    }
  }

  private record Finding(
      String endpoint,
      String path,
      String kind,
      String verdict,
      long candidateCount,
      long noiseCount,
      long requests) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-30s %-44s %-20s %-12s candidate %d, secondary %d of %d",
          endpoint,
          path,
          kind,
          verdict,
          candidateCount,
          noiseCount,
          requests);
    }
  }

  private SpotterCheck() {}

  /**
   * Runs {@code spotter check --config CONFIG --jsonl CORPUS} against the three builds with a store
   * and a report directory of its own under {@code dir}.
   */
  public static Outcome run(
      Path dir, Path config, Path corpus, URI primary, URI secondary, URI candidate)
      throws IOException {
    return run(dir, config, corpus, primary, secondary, candidate, new String[0]);
  }

  /** As above, with more options for the check, such as {@code --host recorded}. */
  public static Outcome run(
      Path dir,
      Path config,
      Path corpus,
      URI primary,
      URI secondary,
      URI candidate,
      String... options)
      throws IOException {
    Files.createDirectories(dir);
    Path reportDir = dir.resolve("report");
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--config",
                config.toString(),
                "--jsonl",
                corpus.toString(),
                "--primary",
                primary.toString(),
                "--secondary",
                secondary.toString(),
                "--candidate",
                candidate.toString(),
                "--store",
                dir.resolve("s.db").toString(),
                "--report",
                reportDir.toString()));
    args.addAll(List.of(options));
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    Path json = reportDir.resolve("report.json");
    JsonNode report = Files.isRegularFile(json) ? new ObjectMapper().readTree(json.toFile()) : null;
    return new Outcome(result, report);
  }
}
