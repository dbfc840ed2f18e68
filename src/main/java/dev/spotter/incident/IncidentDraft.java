package dev.spotter.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A post-mortem being written or edited: every field settable, lists growing; {@link #build} makes
 * the {@link Incident}, which {@link IncidentRules} then checks.
 */
public final class IncidentDraft {
  public long id;
  public long version;
  public String title;
  public Severity severity;
  public IncidentStatus status = IncidentStatus.OPEN;
  public Instant started;
  public Instant detected;
  public Instant resolved;
  public String impact;
  public String summary;
  public String trigger;
  public final List<String> contributingFactors = new ArrayList<>();
  public String detection;
  public String detectionSooner;
  public String response;
  public final List<TimelineEntry> timeline = new ArrayList<>();
  public final List<String> wentWell = new ArrayList<>();
  public final List<String> wentWrong = new ArrayList<>();
  public final List<String> gotLucky = new ArrayList<>();
  public final List<ActionItem> actionItems = new ArrayList<>();

  public IncidentDraft() {}

  /** A draft holding everything {@code i} holds. */
  public static IncidentDraft of(Incident i) {
    IncidentDraft d = new IncidentDraft();
    d.id = i.id();
    d.version = i.version();
    d.replaceWith(i);
    return d;
  }

  /** Takes every field of {@code i} but its id and version: the whole document replaced. */
  public void replaceWith(Incident i) {
    title = i.title();
    severity = i.severity();
    status = i.status();
    started = i.started();
    detected = i.detected();
    resolved = i.resolved();
    impact = i.impact();
    summary = i.summary();
    trigger = i.trigger();
    detection = i.detection();
    detectionSooner = i.detectionSooner();
    response = i.response();
    replace(contributingFactors, i.contributingFactors());
    replace(timeline, i.timeline());
    replace(wentWell, i.wentWell());
    replace(wentWrong, i.wentWrong());
    replace(gotLucky, i.gotLucky());
    replace(actionItems, i.actionItems());
  }

  private static <T> void replace(List<T> to, List<T> from) {
    to.clear();
    to.addAll(from);
  }

  /** The incident, its timeline in time order. */
  public Incident build() {
    List<TimelineEntry> ordered = new ArrayList<>(timeline);
    ordered.sort(
        java.util.Comparator.comparing(
            TimelineEntry::at,
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    return new Incident(
        id,
        version,
        title,
        severity,
        status,
        started,
        detected,
        resolved,
        impact,
        summary,
        trigger,
        contributingFactors,
        detection,
        detectionSooner,
        response,
        ordered,
        wentWell,
        wentWrong,
        gotLucky,
        actionItems);
  }
}
