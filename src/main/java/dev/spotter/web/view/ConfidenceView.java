package dev.spotter.web.view;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.Deployment;
import dev.spotter.incident.Incident;
import dev.spotter.incident.KudosEntry;
import dev.spotter.report.GuardLine;
import java.util.List;

/**
 * The confidence page: is the service getting safer? The DORA figures with their trend, what was
 * caught before production, what canaries rolled back, the incidents and their open action items,
 * and the latest kudos.
 *
 * @param windowDays the figures' window
 * @param weeks the trend charts' length in weekly buckets
 * @param deployments deployments in the window
 * @param caughtRuns check and shadow runs that failed, by regressions or by a guard that caught the
 *     mistake of an incident again (so they did not ship), the newest few
 * @param caughtCount how many of the runs read failed so, listed or not
 * @param runsRead the check and shadow runs read to find them
 * @param undecidedRuns those of them that ended undecided: neither a pass nor a catch
 * @param canaryRollbacks canary runs that rolled themselves back
 * @param canaryRolledBackDeployments deployments a canary rolled back, within the trend's span
 */
public record ConfidenceView(
    int windowDays,
    int weeks,
    long deployments,
    List<FigureCard> figures,
    List<CaughtRun> caughtRuns,
    long caughtCount,
    RunsRead runsRead,
    long undecidedRuns,
    List<CanaryRow> canaryRollbacks,
    List<Deployment> canaryRolledBackDeployments,
    List<IncidentCard> incidents,
    List<KudosEntry> kudos) {

  /** The check and shadow runs a count is out of. */
  public record RunsRead(long checks, long shadows) {
    /**
     * {@code 5 runs (3 checks, 2 shadows)}, or {@code 3 check runs} and {@code 1 shadow run} when
     * they are of one kind.
     */
    @Override
    public String toString() {
      long all = checks + shadows;
      if (checks > 0 && shadows > 0) {
        return all
            + " runs ("
            + plural(checks, "check", "checks")
            + ", "
            + plural(shadows, "shadow", "shadows")
            + ")";
      }
      String kind = shadows > 0 ? "shadow" : "check";
      return plural(all, kind + " run", kind + " runs");
    }

    private static String plural(long n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }
  }

  /** One DORA figure: its value over the window, its band, its sentence and its weekly trend. */
  public record FigureCard(
      String name, String value, String band, String bandClass, String explanation, Chart trend) {}

  /**
   * A check run that failed, with the guards that failed it (each names its incident); none when
   * regressions alone failed it.
   */
  public record CaughtRun(RunRow run, List<GuardLine> guards) {}

  /** A canary run that ended rolled back. */
  public record CanaryRow(String name, String started, String ended) {}

  /** An incident with its open action items. */
  public record IncidentCard(Incident incident, List<ActionItem> openItems) {}
}
