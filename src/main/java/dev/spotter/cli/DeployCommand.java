package dev.spotter.cli;

import dev.spotter.incident.DeployResult;
import dev.spotter.incident.Deployment;
import dev.spotter.incident.Deployments;
import dev.spotter.incident.DoraFigure;
import dev.spotter.incident.DoraReport;
import dev.spotter.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter deploy record|report}: deployments and the DORA figures computed from them. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Record deployments (canary runs record theirs by themselves) and show the DORA figures"
            + " of a window, each with the 2024 performance band it falls in.",
    subcommands = {DeployCommand.Record.class, DeployCommand.Report.class})
final class DeployCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  // --version is the deployed version here, so picocli's own -V/--version cannot be mixed in
  @Command(name = "record", description = "Record a deployment.")
  static final class Record implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(
        names = "--version",
        paramLabel = "V",
        required = true,
        description = "what was deployed")
    String version;

    @Option(
        names = "--result",
        paramLabel = "RESULT",
        required = true,
        description = "success, rolled-back, hotfix or incident")
    String result;

    @Option(
        names = "--commit-time",
        paramLabel = "TIME",
        description = "when the change's first commit was made (for the change lead time)")
    String commitTime;

    @Option(names = "--at", paramLabel = "TIME", description = "when it reached production (now)")
    String at;

    @Option(
        names = "--recovered",
        paramLabel = "TIME",
        description = "for a failed deployment: when service was restored")
    String recovered;

    @Option(
        names = "--unplanned",
        description = "made because of a production incident (a hotfix, a roll-forward)")
    boolean unplanned;

    @Override
    public Integer call() {
      DeployResult r = OptionValues.parse("--result", () -> DeployResult.parse(result));
      Instant deployed = at == null ? Instant.now() : IncidentFields.time("--at", at);
      Deployment d =
          new Deployment(
              0,
              version,
              commitTime == null ? null : IncidentFields.time("--commit-time", commitTime),
              deployed,
              r,
              recovered == null ? null : IncidentFields.time("--recovered", recovered),
              unplanned,
              "cli");
      try (Store store = common.openStore()) {
        Deployment saved = OptionValues.parse("deploy", () -> new Deployments(store).record(d));
        System.out.println(
            "deployment " + saved.id() + " recorded: " + saved.version() + ", " + r.wireName());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "The DORA figures of the last --window (default 30d), with their bands.")
  static final class Report implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--window",
        paramLabel = "DURATION",
        description = "such as 30d, 12w, 90d (30d)")
    String window = "30d";

    @Override
    public Integer call() {
      Duration w = window(window);
      Instant to = Instant.now();
      try (Store store = common.openStore()) {
        DoraReport report = new Deployments(store).report(to.minus(w), to);
        System.out.println(
            "DORA figures, last "
                + window
                + " ("
                + report.deployments()
                + (report.deployments() == 1 ? " deployment):" : " deployments):"));
        for (DoraFigure f : report.figures()) {
          System.out.printf(
              Locale.ROOT, "  %-32s %-12s %s%n", f.name(), f.band().label(), f.explanation());
        }
        return ExitCode.OK;
      }
    }

    /** {@code 30d}, {@code 12w}, or any duration Spotter reads ({@code 36h}). */
    static Duration window(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      Duration d;
      try {
        if (t.endsWith("d")) {
          d = Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
        } else if (t.endsWith("w")) {
          d = Duration.ofDays(7 * Long.parseLong(t.substring(0, t.length() - 1)));
        } else {
          d = OptionValues.duration("--window", text);
        }
      } catch (NumberFormatException e) {
        throw OptionValues.usage("--window", "'" + text + "' is not a window; write 30d or 12w");
      }
      if (d.isZero() || d.isNegative()) {
        throw OptionValues.usage("--window", "must be positive");
      }
      return d;
    }
  }
}
