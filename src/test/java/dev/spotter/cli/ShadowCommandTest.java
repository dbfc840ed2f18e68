package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.report.JsonReportReader;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.StoredRun;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.Ports;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotter shadow} as a user runs it: in front of real builds, fed real traffic. */
class ShadowCommandTest {
  private static LegacyOrdersService oldOne;
  private static LegacyOrdersService oldTwo;
  private static LegacyOrdersService newOne;

  @TempDir Path dir;

  @BeforeAll
  static void startBuilds() {
    oldOne = LegacyOrdersService.start(Build.OLD, 0);
    oldTwo = LegacyOrdersService.start(Build.OLD, 0);
    newOne = LegacyOrdersService.start(Build.NEW, 0);
  }

  @AfterAll
  static void stopBuilds() {
    for (LegacyOrdersService s : new LegacyOrdersService[] {oldOne, oldTwo, newOne}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private List<String> shadowArgs(int port, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "shadow",
                "--listen",
                "127.0.0.1:" + port,
                "--primary",
                oldOne.baseUri().toString(),
                "--secondary",
                oldTwo.baseUri().toString(),
                "--candidate",
                newOne.baseUri().toString(),
                "--store",
                dir.resolve("s.db").toString(),
                "--report",
                dir.resolve("report").toString(),
                "--admin",
                "off"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void findsEveryPlantedChangeInLiveTrafficAndWritesTheReportsWhenItStops() throws Exception {
    int port = Ports.free();
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<Cli.Result> running =
          background.submit(
              () ->
                  Cli.run(
                      shadowArgs(port, "--duration", "6s", "--snapshot-interval", "500ms")
                          .toArray(String[]::new)));
      assertThat(Ports.awaitListening(port, Duration.ofSeconds(20))).isTrue();

      // real clients of the old build, talking to the shadow instead
      TrafficGenerator.withDefaults().run(URI.create("http://127.0.0.1:" + port), 500, 7);

      // while it still runs, the store already holds its results so far
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"))) {
                  StoredRun live = store.run("1").orElseThrow();
                  assertThat(live.kind()).isEqualTo("shadow");
                  assertThat(live.finishedAt()).isNull();
                  CheckResult soFar = JsonReportReader.read(live.reportJson());
                  assertThat(soFar.summary().compared()).isPositive();
                }
              });

      Cli.Result result = running.get(60, TimeUnit.SECONDS);
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.REGRESSIONS);
      assertThat(result.out()).contains("Spotter shadow", "FAIL:", "Report:");
      CheckResult report = JsonReportReader.read(dir.resolve("report/report.json"));
      assertThat(report.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
      assertThat(report.run().source()).startsWith("shadow of live traffic on 127.0.0.1:");
      DemoVerification verdict = DemoVerification.of(report);
      assertThat(verdict.passed()).as(verdict.toString()).isTrue();
      assertThat(dir.resolve("report/report.html")).exists();
      assertThat(dir.resolve("report/junit.xml")).exists();
      assertThat(Files.readString(dir.resolve("report/summary.md")))
          .contains("Spotter shadow failed");
      assertThat(Files.readString(dir.resolve("report/report.html"))).contains("Spotter shadow");
      assertThat(report.run().mode()).isEqualTo("shadow");
    } finally {
      background.shutdownNow();
    }

    Cli.Result runs = Cli.run("runs", "--store", dir.resolve("s.db").toString());
    assertThat(runs.out()).contains("fail").contains("shadow of live traffic");
    Cli.Result again =
        Cli.run(
            "report",
            "--run",
            "1",
            "--store",
            dir.resolve("s.db").toString(),
            "--report",
            dir.resolve("again").toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    CheckResult stored = JsonReportReader.read(dir.resolve("again/report.json"));
    assertThat(stored.summary().regressions()).isEqualTo(5);
  }

  @Test
  void refusesToStartWhenThePrimaryCannotBeReached() throws Exception {
    int nobody = Ports.free();
    int port = Ports.free();
    List<String> args = shadowArgs(port, "--duration", "5s");
    args.set(args.indexOf("--primary") + 1, "http://127.0.0.1:" + nobody);

    Cli.Result r = Cli.run(args.toArray(String[]::new));

    assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(r.err())
        .contains("the primary at http://127.0.0.1:" + nobody + " cannot be reached")
        .contains("connection refused");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void namesTheOptionWhoseValueIsWrong() {
    int port = Ports.free();
    Cli.Result sample = Cli.run(shadowArgs(port, "--sample", "1.5").toArray(String[]::new));
    assertThat(sample.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(sample.err()).startsWith("spotter: --sample: a share in (0, 1]");

    List<String> badListen = shadowArgs(port);
    badListen.set(badListen.indexOf("--listen") + 1, "localhost:http");
    Cli.Result listen = Cli.run(badListen.toArray(String[]::new));
    assertThat(listen.err())
        .startsWith("spotter: --listen: 'http' in 'localhost:http' is not a port");

    long started = System.nanoTime();
    Cli.Result drain =
        Cli.run(
            shadowArgs(port, "--duration", "30s", "--drain-timeout", "bogus")
                .toArray(String[]::new));
    assertThat(drain.err()).startsWith("spotter: --drain-timeout: 'bogus' is not a duration");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("refused before it starts, not after --duration")
        .isLessThan(Duration.ofSeconds(20));

    Cli.Result timeout =
        Cli.run(shadowArgs(port, "--mirror-timeout", "5 parsecs").toArray(String[]::new));
    assertThat(timeout.err())
        .startsWith("spotter: --mirror-timeout: '5 parsecs' is not a duration");
  }
}
