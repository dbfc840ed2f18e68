package dev.spotter.cli;

import dev.spotter.canary.CanaryPlan;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.RunVerdict;
import dev.spotter.canary.StepRecord;
import dev.spotter.incident.DeployResult;
import dev.spotter.incident.Deployment;
import dev.spotter.incident.Deployments;
import dev.spotter.incident.KudosLog;
import dev.spotter.store.Store;
import java.time.Clock;
import java.time.Instant;

/**
 * What a finished canary run leaves in the team's history: a deployment for the DORA figures
 * (promoted: a success; rolled back: a failed change, recovered when the rollback happened) and,
 * for a rollback, a kudos entry. Best effort: the run's own record and reports never depend on it.
 * A/A runs deploy nothing; an aborted run is an operator's decision, not a deployment outcome, and
 * is left out.
 */
final class CanaryHistory {
  private CanaryHistory() {}

  static void record(Store store, CanaryResult r, String version, Instant commitTime) {
    if (r.aaMode() || r.verdict() == null || r.verdict() == RunVerdict.ABORTED) {
      return;
    }
    boolean rolledBack = r.verdict() == RunVerdict.ROLLED_BACK;
    try {
      Instant deployed = r.started();
      new Deployments(store)
          .record(
              new Deployment(
                  0,
                  version,
                  commitTime != null && !commitTime.isAfter(deployed) ? commitTime : null,
                  deployed,
                  rolledBack ? DeployResult.ROLLED_BACK : DeployResult.SUCCESS,
                  rolledBack ? r.ended() : null,
                  false,
                  "canary"));
    } catch (RuntimeException e) {
      System.err.println("spotter: warning: the deployment was not recorded: " + e.getMessage());
    }
    if (rolledBack) {
      StepRecord last = r.steps().isEmpty() ? null : r.steps().get(r.steps().size() - 1);
      new KudosLog(store, Clock.systemUTC())
          .addFromSpotter(
              "Canary "
                  + r.name()
                  + " ("
                  + version
                  + ") was rolled back by itself"
                  + (last == null
                      ? ""
                      : " at " + CanaryPlan.percentText(last.canaryPercent()) + " % of users")
                  + ", before most users met it: "
                  + r.reason(),
              null);
    }
  }
}
