package dev.spotter.cli;

import dev.spotter.fleet.CheckCoordinator;
import dev.spotter.fleet.CheckJobSettings;
import dev.spotter.fleet.ReplayWorker;
import dev.spotter.fleet.WorkerSettings;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.replay.TargetProbe;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import dev.spotter.stream.KafkaAddress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * {@code spotter check --from kafka://...}: a check over the records a topic holds now, replayed by
 * {@code spotter worker} processes (or, without {@code --wait-for-workers}, by one worker inside
 * this process), judged here, asked again through the same workers where that left findings
 * undecided, and reported here. Either way the answers go through the store, so the report is the
 * same whoever replayed them.
 */
final class StreamCheckRun {
  private final CheckRun run;
  private final ReplaySettings settings;
  private final PrintStream out;

  StreamCheckRun(CheckRun run, ReplaySettings settings, PrintStream out) {
    this.run = run;
    this.settings = settings;
    this.out = out;
  }

  /**
   * @param localWorkers workers to run inside this process; 0 to leave the replay to {@code spotter
   *     worker} processes
   * @param stallTimeout how long the check waits without progress before it gives up
   * @param claimTimeout how long a repeat task held by a worker that fell silent waits before
   *     another worker takes it
   * @param storeName how workers are told to reach the store, for the hint printed
   */
  CheckRun.Outcome run(
      KafkaAddress stream,
      int localWorkers,
      Duration stallTimeout,
      Duration claimTimeout,
      Path reportDir,
      Store store,
      String storeName) {
    boolean external = localWorkers == 0;
    if (!external) {
      // a target that cannot be reached stops the check before a request is sent
      TargetProbe.requireReachable(settings);
    }
    CheckJobSettings jobSettings =
        CheckCoordinator.snapshot(stream, settings).withClaimTimeout(claimTimeout);
    if (jobSettings.records() == 0) {
      throw new SpotterException(
          "check.empty", "the topic of " + stream + " holds no records: nothing to check");
    }
    String source = "stream " + stream;
    out.println(
        "  requests   "
            + jobSettings.records()
            + " from "
            + source
            + " ("
            + jobSettings.partitions().size()
            + " partitions)");
    CheckCoordinator coordinator = new CheckCoordinator(store, Clock.systemUTC());
    StoredCheckJob job = coordinator.open(jobSettings, source);
    out.println("  run        " + job.runId());
    if (external) {
      StringBuilder command =
          new StringBuilder("spotter worker --store " + storeName + " --run " + job.runId());
      // the values are never stored: each worker is given them as the check was
      settings
          .overrideHeaders()
          .entries()
          .forEach(h -> command.append(" --set-header '").append(h.name()).append(": VALUE'"));
      out.println("  waiting for workers: " + command);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<RuntimeException> workerFailure = new AtomicReference<>();
    List<Thread> local = new ArrayList<>();
    for (int i = 1; i <= localWorkers; i++) {
      local.add(localWorker(settings, store, job, "local-" + i, stop, workerFailure));
    }
    Thread abandon = new Thread(() -> coordinator.close(job, false), "spotter-check-abandon");
    Runtime.getRuntime().addShutdownHook(abandon);
    Progress progress = Progress.forJob("replaying");
    boolean closed = false;
    // workers whose partitions are done wait for the repeats while the coordinator speaks
    CheckCoordinator.Heartbeat alive = coordinator.keepAlive(job);
    try {
      BooleanSupplier workerFailed = () -> workerFailure.get() != null;
      coordinator.awaitWorkers(
          job, stallTimeout, done -> progress.update(done, jobSettings.records()), workerFailed);
      progress.finish();
      Map<String, CheckCoordinator.WorkerShare> shares = new TreeMap<>();
      CheckResult result =
          coordinator.judgeAskingAgain(
              job, run.aggregator(), source, shares, stallTimeout, workerFailed);
      // closed before the run is saved: a signal from here on must not undo the verdict
      coordinator.close(job, true);
      closed = true;
      alive.close();
      shares.values().forEach(share -> out.println("  worker     " + describe(share)));
      return run.finish(result, job.runId(), source, reportDir, store);
    } catch (SpotterException e) {
      RuntimeException failure = workerFailure.get();
      throw failure != null ? failure : e;
    } finally {
      progress.finish();
      stop.set(true);
      local.forEach(StreamCheckRun::joinQuietly);
      if (!closed) {
        coordinator.close(job, false);
      }
      alive.close();
      try {
        Runtime.getRuntime().removeShutdownHook(abandon);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds the job closed
      }
    }
  }

  private static String describe(CheckCoordinator.WorkerShare share) {
    return share.worker()
        + " replayed "
        + share.replayed()
        + (share.askedAgain() > 0 ? ", asked again " + share.askedAgain() : "");
  }

  private static Thread localWorker(
      ReplaySettings setHeaders,
      Store store,
      StoredCheckJob job,
      String name,
      AtomicBoolean stop,
      AtomicReference<RuntimeException> failure) {
    // the check's own --set-header values: the stored job names the headers only
    ReplayWorker worker =
        new ReplayWorker(
            store, name, WorkerSettings.DEFAULT.withSetHeaders(setHeaders.overrideHeaders()));
    Thread t =
        new Thread(
            () -> {
              try {
                worker.work(job, stop::get);
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "spotter-worker-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
