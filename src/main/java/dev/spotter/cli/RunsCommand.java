package dev.spotter.cli;

import dev.spotter.report.RunHeadline;
import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter runs}: the checks and shadows kept in the store, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "List the checks and shadows kept in the store, newest first (a shadow that is still"
            + " running shows its results so far).")
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
          "%-6s %-7s %-15s %-22s %9s %11s  %s%n",
          "RUN",
          "KIND",
          "VERDICT",
          "STARTED",
          "REQUESTS",
          "REGRESSIONS",
          "SOURCE");
      for (StoredRun r : runs) {
        System.out.printf(
            Locale.ROOT,
            "%-6s %-7s %-15s %-22s %,9d %,11d  %s%n",
            r.id(),
            r.kind(),
            verdict(store, r) + (r.finishedAt() == null ? "*" : ""),
            r.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            r.requests(),
            r.regressions(),
            r.source());
      }
      if (runs.stream().anyMatch(r -> r.finishedAt() == null)) {
        System.out.println(
            "* so far: the run has not finished (a shadow still running, or one stopped before it"
                + " could finish)");
      }
      return ExitCode.OK;
    }
  }

  /**
   * The stored verdict; an undecided one with how many findings are undecided, read from its report
   * ({@code undecided (3)}): it is no pass, and the count says how far from one.
   */
  private static String verdict(Store store, StoredRun listed) {
    if (!"undecided".equals(listed.verdict())) {
      return listed.verdict();
    }
    long n =
        RunHeadline.Undecided.of(store.run(listed.id()).map(StoredRun::reportJson).orElse(null))
            .undecided();
    return n == 0 ? listed.verdict() : listed.verdict() + " (" + n + ")";
  }
}
