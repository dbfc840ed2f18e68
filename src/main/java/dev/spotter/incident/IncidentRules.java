package dev.spotter.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a post-mortem must hold before it is saved, each problem named by its field: a title and a
 * severity; times in their order (detected and resolved not before started, resolved not before
 * detected); a resolved time once resolved; action items with a description and an owner; and
 * contributing factors that name conditions, not people. A due date in the past is allowed (an item
 * can be late).
 */
public final class IncidentRules {
  /** Words that put the blame on a person instead of on what made the mistake easy. */
  private static final Pattern BLAME =
      Pattern.compile(
          "\\b(human|operator|engineer|developer|admin)s?[ -]error\\b|(^|\\s)@\\w+|\\bfault of\\b"
              + "|\\bblame[ds]?\\b|\\bto blame\\b",
          Pattern.CASE_INSENSITIVE);

  private IncidentRules() {}

  /** The problems of an incident, empty when it may be saved. */
  public static List<String> problems(Incident i) {
    List<String> p = new ArrayList<>();
    if (i.title() == null || i.title().isBlank()) {
      p.add("title: every incident needs a title");
    }
    if (i.severity() == null) {
      p.add("severity: choose sev1 (worst) to sev4");
    }
    if (i.status() == null) {
      p.add("status: choose open, mitigated, resolved or reviewed");
    }
    if (i.started() != null && i.detected() != null && i.detected().isBefore(i.started())) {
      p.add(
          "detected: "
              + i.detected()
              + " is before the start ("
              + i.started()
              + "); an incident is noticed after it begins");
    }
    if (i.resolved() != null) {
      if (i.started() != null && i.resolved().isBefore(i.started())) {
        p.add("resolved: " + i.resolved() + " is before the start (" + i.started() + ")");
      } else if (i.detected() != null && i.resolved().isBefore(i.detected())) {
        p.add("resolved: " + i.resolved() + " is before it was detected (" + i.detected() + ")");
      }
    }
    if (i.status() != null && i.status().over() && i.resolved() == null) {
      p.add("resolved: a " + i.status().wireName() + " incident needs the time its impact ended");
    }
    for (int k = 0; k < i.contributingFactors().size(); k++) {
      String f = i.contributingFactors().get(k);
      if (f == null || f.isBlank()) {
        p.add("contributingFactors[" + (k + 1) + "]: empty");
      } else if (BLAME.matcher(f.trim()).find()) {
        p.add(
            "contributingFactors["
                + (k + 1)
                + "]: '"
                + f.trim()
                + "' points at a person; describe the condition that made the mistake easy or its"
                + " damage large (a missing check, a confusing default, an alert that did not"
                + " fire)");
      }
    }
    for (int k = 0; k < i.actionItems().size(); k++) {
      ActionItem a = i.actionItems().get(k);
      String at = "actionItems[" + (k + 1) + "]";
      if (a.description() == null || a.description().isBlank()) {
        p.add(at + ": says nothing to do");
      }
      if (a.kind() == null) {
        p.add(at + ": needs a kind: detect, mitigate or prevent");
      }
      if (a.owner() == null || a.owner().isBlank()) {
        p.add(at + ": needs an owner (a person or a team)");
      }
    }
    for (int k = 0; k < i.timeline().size(); k++) {
      TimelineEntry e = i.timeline().get(k);
      if (e.at() == null || e.text() == null || e.text().isBlank()) {
        p.add("timeline[" + (k + 1) + "]: needs a time and what happened");
      }
    }
    return p;
  }
}
