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
 * @param caughtRuns check runs that failed, by regressions or by a guard that caught the mistake of
 *     an incident again (so they did not ship), newest first
 * @param checkRuns check runs read to find them
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
    int checkRuns,
    long undecidedRuns,
    List<CanaryRow> canaryRollbacks,
    List<Deployment> canaryRolledBackDeployments,
    List<IncidentCard> incidents,
    List<KudosEntry> kudos) {

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
