package dev.spotter.cli;

import dev.spotter.canary.CanaryJournal;
import dev.spotter.canary.CanaryPlan;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.StepRecord;
import dev.spotter.canary.judge.MetricJudgement;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter canary status}: where canary runs stand, from the store. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show where canary runs stand: every run (newest first), or one run in detail with"
            + " --name: its steps, the judge's last figures per metric, and its timeline.")
final class CanaryStatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--name", paramLabel = "NAME", description = "one run in detail")
  String name;

  @Override
  public Integer call() {
    try (Store store = common.openStore()) {
      CanaryJournal journal = new CanaryJournal(store, Clock.systemUTC());
      if (name == null) {
        List<CanaryJournal.Entry> runs = journal.recent(20);
        if (runs.isEmpty()) {
          System.out.println("No canary runs in " + common.storePath() + " yet.");
          return ExitCode.OK;
        }
        System.out.printf(
            Locale.ROOT,
            "%-28s %-12s %-8s %-22s  %s%n",
            "RUN",
            "STATE",
            "CANARY",
            "UPDATED",
            "WHY");
        for (CanaryJournal.Entry e : runs) {
          System.out.printf(
              Locale.ROOT,
              "%-28s %-12s %7s%% %-22s  %s%n",
              e.result().name(),
              e.result().state().wireName(),
              CanaryPlan.percentText(e.canaryBasisPoints() / 100.0),
              e.updatedAt().truncatedTo(ChronoUnit.SECONDS),
              e.result().reason());
        }
        return ExitCode.OK;
      }
      CanaryJournal.Entry e =
          journal
              .load(name)
              .orElseThrow(
                  () ->
                      new SpotterException(
                          "canary.unknown_run",
                          "there is no canary run named '"
                              + name
                              + "'; `spotter canary status` lists them"));
      print(e);
      return ExitCode.OK;
    }
  }

  private static void print(CanaryJournal.Entry e) {
    CanaryResult r = e.result();
    System.out.println("Canary " + r.name() + (r.aaMode() ? " (A/A)" : ""));
    System.out.println("  state     " + r.state().wireName() + ": " + r.reason());
    System.out.println("  baseline  " + r.baselineUrl());
    System.out.println("  canary    " + r.canaryUrl());
    System.out.println(
        "  now       "
            + CanaryPlan.percentText(e.canaryBasisPoints() / 100.0)
            + " % of users on the canary; last heard of "
            + e.updatedAt().truncatedTo(ChronoUnit.SECONDS)
            + (e.pendingCommand() != null ? "; '" + e.pendingCommand() + "' pending" : ""));
    for (StepRecord s : r.steps()) {
      System.out.printf(
          Locale.ROOT,
          "  step %d  %6s %%  %-18s baseline %,d requests, canary %,d requests%s%n",
          s.index() + 1,
          CanaryPlan.percentText(s.canaryPercent()),
          s.outcome().name().toLowerCase(Locale.ROOT),
          s.baseline().requests(),
          s.canary().requests(),
          s.extensions() > 0 ? ", extended " + s.extensions() + "x" : "");
      if (s.judgement() != null) {
        for (MetricJudgement m : s.judgement().metrics()) {
          System.out.printf(
              Locale.ROOT,
              "          %-14s %-12s %s%n",
              m.metric(),
              m.verdict().name().toLowerCase(Locale.ROOT),
              m.reason());
        }
      }
    }
    int from = Math.max(0, r.events().size() - 10);
    if (!r.events().isEmpty()) {
      System.out.println("  timeline (last " + (r.events().size() - from) + ")");
      r.events()
          .subList(from, r.events().size())
          .forEach(
              ev ->
                  System.out.println(
                      "    " + ev.at().truncatedTo(ChronoUnit.SECONDS) + "  " + ev.message()));
    }
  }
}
