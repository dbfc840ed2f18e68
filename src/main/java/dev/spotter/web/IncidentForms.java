package dev.spotter.web;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.IncidentStatus;
import dev.spotter.incident.IncidentTimes;
import dev.spotter.incident.Severity;
import dev.spotter.incident.TimelineEntry;
import dev.spotter.web.view.IncidentForm;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads the post-mortem form: the posted fields into an {@link IncidentForm}, and that into a
 * draft. What the text itself gets wrong (a time or a date that does not parse, an unknown kind) is
 * collected as problems here; what the post-mortem gets wrong is {@code IncidentRules}' job.
 */
final class IncidentForms {
  private IncidentForms() {}

  static IncidentForm read(Context ctx) {
    return new IncidentForm(
        field(ctx, "version"),
        field(ctx, "title"),
        field(ctx, "severity"),
        field(ctx, "status"),
        field(ctx, "started"),
        field(ctx, "detected"),
        field(ctx, "resolved"),
        field(ctx, "impact"),
        field(ctx, "summary"),
        field(ctx, "trigger"),
        field(ctx, "factors"),
        field(ctx, "detection"),
        field(ctx, "detectionSooner"),
        field(ctx, "response"),
        field(ctx, "timeline"),
        field(ctx, "wentWell"),
        field(ctx, "wentWrong"),
        field(ctx, "gotLucky"),
        field(ctx, "actions"));
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }

  /**
   * Replaces every field of {@code d} with the form's: the form is the whole document.
   *
   * @return the problems found reading the text; {@code d} must not be saved unless empty
   */
  static List<String> apply(IncidentForm f, IncidentDraft d) {
    List<String> problems = new ArrayList<>();
    d.title = text(f.title());
    d.severity =
        f.severity().isBlank() ? null : parse(problems, "severity", f.severity(), Severity::parse);
    d.status =
        f.status().isBlank()
            ? IncidentStatus.OPEN
            : parse(problems, "status", f.status(), IncidentStatus::parse);
    d.started = time(problems, "started", f.started());
    d.detected = time(problems, "detected", f.detected());
    d.resolved = time(problems, "resolved", f.resolved());
    d.impact = text(f.impact());
    d.summary = text(f.summary());
    d.trigger = text(f.trigger());
    d.detection = text(f.detection());
    d.detectionSooner = text(f.detectionSooner());
    d.response = text(f.response());
    replace(d.contributingFactors, lines(f.factors()));
    replace(d.wentWell, lines(f.wentWell()));
    replace(d.wentWrong, lines(f.wentWrong()));
    replace(d.gotLucky, lines(f.gotLucky()));
    d.timeline.clear();
    List<String> events = lines(f.timeline());
    for (int k = 0; k < events.size(); k++) {
      TimelineEntry e = event(problems, "timeline line " + (k + 1), events.get(k));
      if (e != null) {
        d.timeline.add(e);
      }
    }
    d.actionItems.clear();
    List<String> actions = lines(f.actions());
    for (int k = 0; k < actions.size(); k++) {
      ActionItem a = action(problems, "action item line " + (k + 1), actions.get(k));
      if (a != null) {
        d.actionItems.add(a);
      }
    }
    return problems;
  }

  /** The non-blank lines of a text area, stripped. */
  static List<String> lines(String text) {
    return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String text(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static <T> void replace(List<T> to, List<T> from) {
    to.clear();
    to.addAll(from);
  }

  /** A value parsed by {@code parser}, or null with the parser's message as a problem. */
  private static <T> T parse(
      List<String> problems, String field, String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }

  private static TimelineEntry event(List<String> problems, String where, String line) {
    int eq = line.indexOf('=');
    if (eq < 0) {
      problems.add(
          where + ": write TIME = what happened, such as '2026-11-20 14:05 = Pager fired'");
      return null;
    }
    Instant at = time(problems, where, line.substring(0, eq));
    return at == null ? null : new TimelineEntry(at, line.substring(eq + 1).strip());
  }

  /** {@code kind | owner | due | description | status}; the status may be left out (open). */
  private static ActionItem action(List<String> problems, String where, String line) {
    List<String> parts =
        new ArrayList<>(Arrays.stream(line.split("\\|", -1)).map(String::strip).toList());
    if (parts.size() < 4) {
      problems.add(
          where
              + ": write kind | owner | due | description | status, such as 'prevent | orders-team"
              + " | 2026-12-15 | Guard unknown customers | open'");
      return null;
    }
    ActionItem.Status status = ActionItem.Status.OPEN;
    String last = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
    if (parts.size() >= 5 && (last.equals("open") || last.equals("done"))) {
      status = last.equals("done") ? ActionItem.Status.DONE : ActionItem.Status.OPEN;
      parts.remove(parts.size() - 1);
    }
    // a description may itself hold '|': everything between the due date and the status is it
    String description = String.join(" | ", parts.subList(3, parts.size())).strip();
    ActionItem.Kind kind = parse(problems, where, parts.get(0), ActionItem.Kind::parse);
    if (kind == null) {
      return null;
    }
    LocalDate due = null;
    if (!parts.get(2).isEmpty()) {
      try {
        due = LocalDate.parse(parts.get(2));
      } catch (DateTimeParseException e) {
        problems.add(where + ": '" + parts.get(2) + "' is not a date; write 2026-12-15");
        return null;
      }
    }
    return new ActionItem(description, kind, parts.get(1), due, status);
  }

  /** An instant as ISO-8601 ({@code 2026-11-20T14:03:00Z}) or {@code 2026-11-20 14:03} (UTC). */
  static Instant time(List<String> problems, String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return IncidentTimes.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }
}
