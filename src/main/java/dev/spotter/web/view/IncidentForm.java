package dev.spotter.web.view;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.Incident;
import dev.spotter.incident.TimelineEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A post-mortem as its form holds it: every field as the text the user typed, so that a form
 * refused (invalid, or edited by someone else meanwhile) comes back exactly as it was sent.
 *
 * <p>Lists are one item per line; the timeline {@code TIME = what happened}; action items {@code
 * kind | owner | due | description | status}.
 *
 * @param version the version the form was loaded at ("" for a new post-mortem)
 */
public record IncidentForm(
    String version,
    String title,
    String severity,
    String status,
    String started,
    String detected,
    String resolved,
    String impact,
    String summary,
    String trigger,
    String factors,
    String detection,
    String detectionSooner,
    String response,
    String timeline,
    String wentWell,
    String wentWrong,
    String gotLucky,
    String actions) {

  public static final List<String> SEVERITIES = List.of("sev1", "sev2", "sev3", "sev4");
  public static final List<String> STATUSES = List.of("open", "mitigated", "resolved", "reviewed");

  /** An empty form for a new post-mortem. */
  public static IncidentForm blank() {
    return new IncidentForm(
        "", "", "", "open", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "");
  }

  /** The form of a saved post-mortem, at its current version. */
  public static IncidentForm of(Incident i) {
    return new IncidentForm(
        Long.toString(i.version()),
        text(i.title()),
        i.severity() == null ? "" : i.severity().wireName(),
        i.status() == null ? "" : i.status().wireName(),
        Show.formTime(i.started()),
        Show.formTime(i.detected()),
        Show.formTime(i.resolved()),
        text(i.impact()),
        text(i.summary()),
        text(i.trigger()),
        String.join("\n", i.contributingFactors()),
        text(i.detection()),
        text(i.detectionSooner()),
        text(i.response()),
        i.timeline().stream().map(IncidentForm::line).collect(Collectors.joining("\n")),
        String.join("\n", i.wentWell()),
        String.join("\n", i.wentWrong()),
        String.join("\n", i.gotLucky()),
        i.actionItems().stream().map(IncidentForm::line).collect(Collectors.joining("\n")));
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static String line(TimelineEntry e) {
    return Show.formTime(e.at()) + " = " + text(e.text());
  }

  private static String line(ActionItem a) {
    return String.join(
        " | ",
        Show.lower(a.kind()),
        text(a.owner()),
        a.due() == null ? "" : a.due().toString(),
        text(a.description()),
        Show.lower(a.status()));
  }
}
