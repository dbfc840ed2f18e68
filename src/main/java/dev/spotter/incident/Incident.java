package dev.spotter.incident;

import java.time.Instant;
import java.util.List;

/**
 * A blameless post-mortem, with the fields the best templates share (Google's SRE book, Atlassian's
 * handbook, FireHydrant). Its words look at conditions, not people: contributing factors are what
 * made a mistake easy or its damage large, never who made it.
 *
 * @param id assigned by the store; 0 before saving
 * @param version rises with every saved edit
 * @param started when the impact began
 * @param detected when someone (or something) noticed
 * @param resolved when the impact ended; required once the incident is resolved
 * @param impact who or what was hurt, and how much
 * @param trigger the change or event that set it off
 * @param contributingFactors the conditions that let it happen or made it worse (several; no single
 *     root cause)
 * @param detection how it was noticed
 * @param detectionSooner how it could have been noticed sooner
 * @param response how it was contained and recovered from
 * @param gotLucky where it could have been worse
 */
public record Incident(
    long id,
    long version,
    String title,
    Severity severity,
    IncidentStatus status,
    Instant started,
    Instant detected,
    Instant resolved,
    String impact,
    String summary,
    String trigger,
    List<String> contributingFactors,
    String detection,
    String detectionSooner,
    String response,
    List<TimelineEntry> timeline,
    List<String> wentWell,
    List<String> wentWrong,
    List<String> gotLucky,
    List<ActionItem> actionItems) {

  public Incident {
    contributingFactors = List.copyOf(nonNull(contributingFactors));
    timeline = List.copyOf(nonNull(timeline));
    wentWell = List.copyOf(nonNull(wentWell));
    wentWrong = List.copyOf(nonNull(wentWrong));
    gotLucky = List.copyOf(nonNull(gotLucky));
    actionItems = List.copyOf(nonNull(actionItems));
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** A new, empty post-mortem with a title and a severity, open. */
  public static Incident draft(String title, Severity severity) {
    return new Incident(
        0,
        0,
        title,
        severity,
        IncidentStatus.OPEN,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Open action items. */
  public long openActionItems() {
    return actionItems.stream().filter(a -> a.status() == ActionItem.Status.OPEN).count();
  }
}
