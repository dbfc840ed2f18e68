package dev.spotter.cli;

import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter runs}: the checks kept in the store, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List the checks kept in the store, newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--limit", paramLabel = "N", description = "how many (default 20)")
  int limit = 20;

  @Override
  public Integer call() {
    try (Store store = common.openStore()) {
      List<StoredRun> runs = store.recentRuns(Math.max(1, limit));
      if (runs.isEmpty()) {
        System.out.println("No runs in " + common.storePath() + " yet.");
        return ExitCode.OK;
      }
      System.out.printf(
          Locale.ROOT,
          "%-6s %-7s %-22s %9s %11s  %s%n",
          "RUN",
          "VERDICT",
          "STARTED",
          "REQUESTS",
          "REGRESSIONS",
          "SOURCE");
      for (StoredRun r : runs) {
        System.out.printf(
            Locale.ROOT,
            "%-6s %-7s %-22s %,9d %,11d  %s%n",
            r.id(),
            r.verdict(),
            r.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            r.requests(),
            r.regressions(),
            r.source());
      }
      return ExitCode.OK;
    }
  }
}
