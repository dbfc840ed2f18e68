package dev.spotter.cli;

import dev.spotter.capture.CorpusImporter;
import dev.spotter.capture.ImportOptions;
import dev.spotter.capture.ImportSummary;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.demo.PlantedRegression;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import dev.spotter.store.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spotter demo}: the whole job on a bundled sample, in one command. Starts the old build of
 * a small orders service twice and its new build once, records traffic, checks it, writes the
 * report, and says whether Spotter found exactly the regressions planted in the new build.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole job on a bundled legacy orders service: start the old build twice (primary,"
          + " secondary) and the new build with four planted changes (candidate) on free"
          + " ports, record generated traffic into the corpus 'demo', check it, write the report,"
          + " and stop everything.",
      "With --canary: start the old build (baseline) and the new build (canary), send many"
          + " demo users through 'spotter canary' and watch the canary get rolled back by itself"
          + " (the new build answers 500 where the old answered 404); the report goes to"
          + " spotter-report/canary.",
      "Exit code 0 when the check found exactly the planted regressions and called no noise a"
          + " regression (with --canary: when the canary was rolled back); 1 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  static final String CORPUS = "demo";

  @Option(
      names = "--store",
      paramLabel = "PATH|JDBC-URL",
      description = "SQLite store file or jdbc:postgresql: URL (default: .spotter/spotter.db)")
  String store = CommonOptions.DEFAULT_STORE.toString();

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "where to write the reports (default: spotter-report)")
  Path reportDir = Wiring.DEFAULT_REPORT_DIR;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "how many requests to record (default 600)")
  int requests = 600;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the traffic (default 7)")
  long seed = 7;

  @Option(
      names = "--via",
      paramLabel = "kafka://HOST:PORT/TOPIC",
      description =
          "run the demo as a fleet does: record through a proxy into a new Kafka topic named"
              + " TOPIC-<time>, ingest it into the store, and check it with two workers")
  String via;

  @Option(
      names = "--canary",
      description = "run a canary release of the new build instead of the check")
  boolean canary;

  @Override
  public Integer call() {
    if (canary) {
      return CanaryDemo.run(store, reportDir.resolve("canary"), seed);
    }
    if (requests < 50 || requests > 100_000) {
      throw new SpotterException(
          "demo.usage", "--requests must lie in 50..100000, not " + requests);
    }
    // The demo shows Spotter's defaults; a spotter.yaml in the current directory is not read.
    Wiring wiring = new Wiring(SpotterConfig.empty());
    System.out.println("Spotter demo: a legacy orders service, its new build, and real traffic.");
    try (LegacyOrdersService primary = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService secondary = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService candidate = LegacyOrdersService.start(Build.NEW, 0);
        Store st = Stores.open(store)) {
      System.out.println("  started old build (primary)    " + primary.baseUri());
      System.out.println("  started old build (secondary)  " + secondary.baseUri());
      System.out.println("  started new build (candidate)  " + candidate.baseUri());

      ReplaySettings settings =
          ReplaySettings.of(
              primary.baseUri().toString(),
              secondary.baseUri().toString(),
              candidate.baseUri().toString());
      CheckRun.Outcome outcome =
          via != null
              ? new FleetDemo(wiring, System.out)
                  .run(
                      IngestCommand.address("--via", via),
                      primary,
                      settings,
                      requests,
                      seed,
                      reportDir,
                      st,
                      Stores.describe(store))
              : recordAndCheck(wiring, primary, settings, st);
      DemoHistory.Added history = DemoHistory.fill(st, java.time.Clock.systemUTC());
      if (history.incidents() > 0) {
        System.out.printf(
            Locale.ROOT,
            "  added a small history to look around in: %d post-mortems (spotter incident list),"
                + " %d guard (disabled: spotter guard list), %d deployments (spotter deploy"
                + " report), %d kudos (spotter kudos list); all of it, with the check, in the"
                + " dashboard: spotter serve%n",
            history.incidents(),
            history.guards(),
            history.deployments(),
            history.kudos());
      }
      return explain(DemoVerification.of(outcome.result()));
    }
  }

  /** The demo on one machine: traffic straight into the corpus, checked in this process. */
  private CheckRun.Outcome recordAndCheck(
      Wiring wiring, LegacyOrdersService primary, ReplaySettings settings, Store st) {
    List<Exchange> traffic = TrafficGenerator.withDefaults().run(primary.baseUri(), requests, seed);
    st.deleteCorpus(CORPUS);
    ImportSummary recorded =
        new CorpusImporter(st, wiring.redactor(), ImportOptions.defaults())
            .importExchanges("demo traffic", traffic, CORPUS);
    System.out.printf(
        Locale.ROOT,
        "  recorded %,d requests sent to the primary into corpus '%s' of %s (credentials"
            + " redacted)%n",
        recorded.imported(),
        CORPUS,
        Stores.describe(store));

    System.out.println("  checking: every request to all three builds at once...");
    try (ExchangeCursor cursor = st.read(CORPUS)) {
      return new CheckRun(wiring, settings, System.out)
          .run(cursor, cursor.expectedCount(), "corpus " + CORPUS, reportDir, st);
    }
  }

  private static int explain(DemoVerification v) {
    System.out.println();
    System.out.println(
        "What was planted in the new build (four changes; the rename shows as two findings),"
            + " and whether Spotter found it:");
    for (PlantedRegression p : PlantedRegression.all()) {
      boolean found = v.found().contains(p);
      System.out.printf(
          Locale.ROOT,
          "  [%s] %-26s %-20s %-15s %s%n",
          found ? "found" : "MISSED",
          found ? v.reportedAs().get(p) : p.endpoint().toString(),
          p.path(),
          p.kind(),
          p.description());
    }
    v.noiseCalledRegression()
        .forEach(n -> System.out.println("  [WRONG] noise judged a regression: " + n));
    v.unexpected().forEach(n -> System.out.println("  [WRONG] unexpected regression: " + n));
    if (v.passed()) {
      System.out.println(
          "Every planted regression was found and no noise was called a regression."
              + " (A real 'spotter check' would exit 1 here: the candidate has regressions.)");
      return ExitCode.OK;
    }
    System.out.println("The demo did not find exactly what was planted; see above.");
    return ExitCode.REGRESSIONS;
  }
}
