package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.Cli;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments, their DORA figures, and the kudos log, from the command line. */
class DeployAndKudosCommandTest {
  @TempDir Path dir;

  private Cli.Result spotter(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = dir.resolve("s.db").toString();
    return Cli.run(all);
  }

  private static String daysAgo(double days) {
    return Instant.now().minus((long) (days * 24 * 60), ChronoUnit.MINUTES).toString();
  }

  @Test
  void recordedDeploymentsGiveTheDoraFiguresWithTheirBands() {
    for (int d = 1; d <= 20; d++) {
      boolean failed = d % 10 == 0;
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of(
                  "deploy",
                  "record",
                  "--version",
                  "2." + d,
                  "--result",
                  failed ? "rolled-back" : "success",
                  "--at",
                  daysAgo(d),
                  "--commit-time",
                  daysAgo(d + 0.25)));
      if (failed) {
        args.addAll(java.util.List.of("--recovered", daysAgo(d - 0.01)));
      }
      Cli.Result r = spotter(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    Cli.Result report = spotter("deploy", "report", "--window", "30d");

    assertThat(report.exitCode()).as(report.toString()).isZero();
    assertThat(report.out()).contains("20 deployments");
    // 2 of 20 needed intervention, recovered in about 15 minutes, lead time 6 hours
    assertThat(report.out()).contains("10", "elite");
  }

  @Test
  void helpWorksWhereVersionNamesTheDeployedVersion() {
    Cli.Result deployHelp = Cli.run("deploy", "record", "--help");
    assertThat(deployHelp.exitCode()).as(deployHelp.toString()).isZero();
    assertThat(deployHelp.out()).contains("--version=V", "--commit-time");
    Cli.Result canaryHelp = Cli.run("canary", "-h");
    assertThat(canaryHelp.exitCode()).as(canaryHelp.toString()).isZero();
    assertThat(canaryHelp.out()).contains("--version=V", "--step-duration");
  }

  @Test
  void aDeploymentThatContradictsItselfIsRefused() {
    Cli.Result r =
        spotter(
            "deploy", "record",
            "--version", "2.1",
            "--result", "success",
            "--at", "2026-11-20 10:00",
            "--commit-time", "2026-11-21 10:00");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("commit-time", "after the deployment");

    Cli.Result badResult = spotter("deploy", "record", "--version", "2.1", "--result", "meh");
    assertThat(badResult.err()).contains("use success, rolled-back, hotfix or incident");
  }

  @Test
  void peopleThankPeopleAndTheLogShowsTheNewestFirst() {
    assertThat(spotter("kudos", "add", "--who", "Ada", "--what", "Wrote the guard").exitCode())
        .isZero();
    assertThat(
            spotter(
                    "kudos", "add",
                    "--who", "Grace",
                    "--what", "Ran the post-mortem",
                    "--link", "https://wiki.example/pm/7")
                .exitCode())
        .isZero();
    Cli.Result bad = spotter("kudos", "add", "--who", "Ada", "--what", "x", "--link", "ftp://x");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("link: must start with http:// or https://");

    String list = spotter("kudos", "list").out();
    assertThat(list.indexOf("Grace")).isLessThan(list.indexOf("Ada")).isNotNegative();
    assertThat(list).contains("https://wiki.example/pm/7");
  }

  @Test
  void kudosSayWhenTheWorkWasDoneAndNeverInTheFuture() {
    Cli.Result dated =
        spotter(
            "kudos", "add",
            "--who", "Ada",
            "--what", "Wrote the guard",
            "--when", "2026-01-15 09:30");
    assertThat(dated.exitCode()).as(dated.toString()).isZero();
    assertThat(
            spotter("kudos", "add", "--who", "Bo", "--what", "x", "--when", "2026-01-14")
                .exitCode())
        .isZero();
    assertThat(spotter("kudos", "list").out())
        .contains("2026-01-15T09:30:00Z  Ada: Wrote the guard", "2026-01-14T00:00:00Z  Bo: x");

    Cli.Result future =
        spotter("kudos", "add", "--who", "Ada", "--what", "x", "--when", "2999-01-01");
    assertThat(future.exitCode()).isEqualTo(2);
    assertThat(future.err()).contains("when: '2999-01-01' lies in the future");
    Cli.Result bad = spotter("kudos", "add", "--who", "Ada", "--what", "x", "--when", "Monday");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("when: 'Monday' is not a date or a time");
  }
}
