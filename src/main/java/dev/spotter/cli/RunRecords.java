package dev.spotter.cli;

import dev.spotter.canary.CanaryJournal;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.RunVerdict;
import dev.spotter.canary.StepRecord;
import dev.spotter.replay.CheckResult;
import dev.spotter.report.JsonReport;
import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;

/**
 * Keeps runs in the store. Best effort by design: a locked store, or anything else going wrong
 * while saving, is a warning on stderr and must never cost the reports or stop a live mode.
 */
final class RunRecords {
  private RunRecords() {}

  /**
   * What the store keeps of a result.
   *
   * @param finished false while the run goes on: it is kept without an end
   */
  static StoredRun of(String kind, String id, CheckResult r, boolean finished) {
    return new StoredRun(
        id,
        kind,
        r.run().source(),
        r.run().startedAt(),
        finished ? r.run().finishedAt() : null,
        r.summary().verdict().jsonName(),
        r.summary().requests(),
        r.summary().regressions(),
        JsonReport.forStore(r));
  }

  /**
   * Keeps a finished canary run in the run history (its whole record, from which {@code spotter
   * report --run ID} writes its reports again), beside the canary's own resumable record; a run
   * stopped before its verdict is not history yet.
   */
  static void saveCanary(Store store, CanaryResult result) {
    if (result.verdict() == null) {
      return;
    }
    long requests = 0;
    for (StepRecord step : result.steps()) {
      requests += step.baseline().requests() + step.canary().requests();
    }
    save(
        store,
        new StoredRun(
            null,
            "canary",
            "canary "
                + result.name()
                + ": "
                + result.canaryUrl()
                + " against "
                + result.baselineUrl(),
            result.started(),
            result.ended() != null ? result.ended() : java.time.Instant.now(),
            result.verdict().wireName(),
            requests,
            result.verdict() == RunVerdict.ROLLED_BACK ? 1 : 0,
            CanaryJournal.toJson(result)));
  }

  /** Saves a new run; returns its id, or null (after a warning) when it could not be saved. */
  static String save(Store store, StoredRun run) {
    if (store == null) {
      return null;
    }
    try {
      return store.saveRun(run);
    } catch (RuntimeException e) {
      System.err.println("spotter: warning: the run was not saved to the store: " + e.getMessage());
      return null;
    }
  }

  /** Replaces a run saved earlier; a failure is a warning. */
  static void update(Store store, StoredRun run) {
    if (store == null || run.id() == null) {
      return;
    }
    try {
      store.updateRun(run);
    } catch (RuntimeException e) {
      System.err.println(
          "spotter: warning: run " + run.id() + " was not updated in the store: " + e.getMessage());
    }
  }
}
