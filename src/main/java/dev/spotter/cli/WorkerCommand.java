package dev.spotter.cli;

import dev.spotter.fleet.CheckCoordinator;
import dev.spotter.fleet.ReplayWorker;
import dev.spotter.fleet.WorkerSettings;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter worker}: replays a share of every distributed check opened in the store. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Replay a share of the checks that `spotter check --from kafka://... --wait-for-workers`"
          + " opens in the shared store. Workers of one check form a Kafka consumer group: each"
          + " replays the partitions it is given against primary, secondary and candidate and"
          + " stores the answers; the check's coordinator judges them and writes the report.",
      "Once its partitions are done, a worker stays with the check and shares with the other"
          + " workers the requests the coordinator asks again (where the recorded traffic left"
          + " findings undecided), until the coordinator closes the check.",
      "A worker killed mid-run loses nothing and counts nothing twice: answers are stored before"
          + " offsets are committed, and each exchange's answer is stored once; a request to ask"
          + " again that it held goes to another worker after the check's --claim-timeout.",
      "Runs until SIGTERM or Ctrl-C (the batch in hand is finished and stored), after one check"
          + " with --once or --run, or after --idle-exit without a check to work on.",
      "Exit code 0: stopped as asked; 2: usage, configuration or operational error."
    })
final class WorkerCommand implements Callable<Integer> {
  private static final Duration LOOK_FOR_JOBS_EVERY = Duration.ofMillis(500);

  @Mixin CommonOptions common;

  @Option(
      names = "--run",
      paramLabel = "ID",
      description = "work on this check only, then exit (default: every check opened)")
  String run;

  @Option(names = "--once", description = "exit after one check")
  boolean once;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "how results and logs name this worker (default: HOST-PID)")
  String name;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "records replayed and stored together (default 200)")
  int batch = WorkerSettings.DEFAULT.batchSize();

  @Option(
      names = "--session-timeout",
      paramLabel = "DURATION",
      description =
          "how long Kafka waits for a silent worker before giving its partitions to others"
              + " (6s..5m, default 10s)")
  String sessionTimeout;

  @Option(
      names = "--set-header",
      paramLabel = "'NAME: VALUE'",
      description =
          "the value of a header the check sets with its own --set-header: the stored check names"
              + " it but never holds its value (repeatable)")
  List<String> setHeaders = new ArrayList<>();

  @Option(
      names = "--idle-exit",
      paramLabel = "DURATION",
      description = "exit when no check has been open for this long (default: never)")
  String idleExit;

  @Override
  public Integer call() {
    WorkerSettings settings = settings();
    Optional<Duration> idle =
        idleExit == null
            ? Optional.empty()
            : Optional.of(OptionValues.duration("--idle-exit", idleExit));
    String me = name != null && !name.isBlank() ? name : defaultName();
    try (Store store = common.openStore();
        LiveRun live = new LiveRun()) {
      live.catchSignals();
      ReplayWorker worker = new ReplayWorker(store, me, settings);
      System.out.println("Spotter worker " + me + " on " + common.storePath());
      long idleSince = System.nanoTime();
      while (!live.stopRequested()) {
        Optional<StoredCheckJob> job = nextJob(store);
        if (job.isEmpty()) {
          if (run != null) {
            return ExitCode.OK; // the check was closed
          }
          if (idle.isPresent() && System.nanoTime() - idleSince > idle.get().toNanos()) {
            System.out.println("No check to work on for " + idleExit + "; exiting.");
            return ExitCode.OK;
          }
          sleep(LOOK_FOR_JOBS_EVERY);
          continue;
        }
        ReplayWorker.Share share = worker.work(job.get(), live::stopRequested);
        System.out.println(
            "Check run "
                + share.runId()
                + ": replayed "
                + share.replayed()
                + " exchanges"
                + (share.askedAgain() > 0 ? ", asked again " + share.askedAgain() : "")
                + ".");
        idleSince = System.nanoTime();
        if (once || run != null) {
          return ExitCode.OK;
        }
      }
      return ExitCode.OK;
    }
  }

  private Optional<StoredCheckJob> nextJob(Store store) {
    if (run != null) {
      StoredCheckJob job = CheckCoordinator.requireJob(store, run);
      return ReplayWorker.hasWork(store, job) ? Optional.of(job) : Optional.empty();
    }
    for (StoredCheckJob job : store.openCheckJobs()) {
      if (ReplayWorker.hasWork(store, job)) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  private WorkerSettings settings() {
    Duration session =
        sessionTimeout == null
            ? WorkerSettings.DEFAULT.sessionTimeout()
            : OptionValues.duration("--session-timeout", sessionTimeout);
    try {
      List<Header> headers = new ArrayList<>();
      for (String h : setHeaders) {
        headers.add(CheckCommand.parseHeader(h));
      }
      return new WorkerSettings(batch, session).withSetHeaders(new Headers(headers));
    } catch (IllegalArgumentException e) {
      throw OptionValues.usage("--batch or --session-timeout", e.getMessage());
    }
  }

  private static String defaultName() {
    // "pid@host", as the JVM names itself
    String jvm = ManagementFactory.getRuntimeMXBean().getName();
    int at = jvm.indexOf('@');
    return at < 0 ? jvm : jvm.substring(at + 1) + "-" + jvm.substring(0, at);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
