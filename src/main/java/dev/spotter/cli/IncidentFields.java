package dev.spotter.cli;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.IncidentStatus;
import dev.spotter.incident.IncidentTimes;
import dev.spotter.incident.Severity;
import dev.spotter.incident.TimelineEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The fields of a post-mortem as options, for {@code incident new} and {@code incident edit}: a
 * text field given replaces what was there; a list option adds to the list.
 */
final class IncidentFields {
  @Option(names = "--title", paramLabel = "TEXT", description = "what happened, in a few words")
  String title;

  @Option(names = "--severity", paramLabel = "SEV", description = "sev1 (worst) to sev4")
  String severity;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "open, mitigated, resolved or reviewed")
  String status;

  @Option(
      names = "--started",
      paramLabel = "TIME",
      description = "when the impact began: 2026-11-20T14:03:00Z, or 2026-11-20 14:03 (UTC)")
  String started;

  @Option(names = "--detected", paramLabel = "TIME", description = "when it was noticed")
  String detected;

  @Option(names = "--resolved", paramLabel = "TIME", description = "when the impact ended")
  String resolved;

  @Option(names = "--summary", paramLabel = "TEXT", description = "what happened, for a reader")
  String summary;

  @Option(names = "--impact", paramLabel = "TEXT", description = "who or what was hurt, how much")
  String impact;

  @Option(
      names = "--trigger",
      paramLabel = "TEXT",
      description = "the change or event that set it off")
  String trigger;

  @Option(
      names = "--factor",
      paramLabel = "TEXT",
      description =
          "a contributing factor: a condition that let it happen or made it worse (not a person);"
              + " repeatable")
  List<String> factors;

  @Option(names = "--detection", paramLabel = "TEXT", description = "how it was noticed")
  String detection;

  @Option(
      names = "--detection-sooner",
      paramLabel = "TEXT",
      description = "how it could have been noticed sooner")
  String detectionSooner;

  @Option(
      names = "--response",
      paramLabel = "TEXT",
      description = "how it was contained and recovered")
  String response;

  @Option(
      names = "--event",
      paramLabel = "TIME=TEXT",
      description = "a timeline entry, such as '2026-11-20 14:05=Pager fired'; repeatable")
  List<String> events;

  @Option(names = "--went-well", paramLabel = "TEXT", description = "repeatable")
  List<String> wentWell;

  @Option(names = "--went-wrong", paramLabel = "TEXT", description = "repeatable")
  List<String> wentWrong;

  @Option(names = "--lucky", paramLabel = "TEXT", description = "where we got lucky; repeatable")
  List<String> lucky;

  @Option(
      names = "--action",
      paramLabel = "KIND:OWNER:DUE:TEXT",
      description =
          "an action item, such as 'prevent:orders-team:2026-12-15:Guard unknown customers'"
              + " (kind detect, mitigate or prevent; DUE may be empty); repeatable")
  List<String> actions;

  /** Writes the options given into {@code d}. */
  void apply(IncidentDraft d) {
    if (title != null) {
      d.title = title.strip();
    }
    if (severity != null) {
      d.severity = OptionValues.parse("--severity", () -> Severity.parse(severity));
    }
    if (status != null) {
      d.status = OptionValues.parse("--status", () -> IncidentStatus.parse(status));
    }
    if (started != null) {
      d.started = time("--started", started);
    }
    if (detected != null) {
      d.detected = time("--detected", detected);
    }
    if (resolved != null) {
      d.resolved = time("--resolved", resolved);
    }
    d.summary = summary != null ? summary : d.summary;
    d.impact = impact != null ? impact : d.impact;
    d.trigger = trigger != null ? trigger : d.trigger;
    d.detection = detection != null ? detection : d.detection;
    d.detectionSooner = detectionSooner != null ? detectionSooner : d.detectionSooner;
    d.response = response != null ? response : d.response;
    addAll(d.contributingFactors, factors);
    addAll(d.wentWell, wentWell);
    addAll(d.wentWrong, wentWrong);
    addAll(d.gotLucky, lucky);
    if (events != null) {
      for (String e : events) {
        int eq = e.indexOf('=');
        if (eq < 0) {
          throw OptionValues.usage(
              "--event", "write TIME=TEXT, such as '2026-11-20 14:05=Pager fired'");
        }
        d.timeline.add(
            new TimelineEntry(time("--event", e.substring(0, eq)), e.substring(eq + 1).strip()));
      }
    }
    if (actions != null) {
      for (String a : actions) {
        d.actionItems.add(action(a));
      }
    }
  }

  private static void addAll(List<String> to, List<String> from) {
    if (from != null) {
      from.stream().map(String::strip).forEach(to::add);
    }
  }

  static ActionItem action(String text) {
    String[] parts = text.split(":", 4);
    if (parts.length < 4) {
      throw OptionValues.usage(
          "--action",
          "'"
              + text
              + "': write KIND:OWNER:DUE:TEXT, such as 'prevent:orders-team:2026-12-15:Add a guard'");
    }
    ActionItem.Kind kind = OptionValues.parse("--action", () -> ActionItem.Kind.parse(parts[0]));
    LocalDate due = null;
    if (!parts[2].isBlank()) {
      try {
        due = LocalDate.parse(parts[2].strip());
      } catch (DateTimeParseException e) {
        throw OptionValues.usage("--action", "'" + parts[2] + "' is not a date (2026-12-15)");
      }
    }
    return new ActionItem(parts[3].strip(), kind, parts[1].strip(), due, ActionItem.Status.OPEN);
  }

  /** An instant as ISO-8601 ({@code 2026-11-20T14:03:00Z}) or {@code 2026-11-20 14:03} in UTC. */
  static Instant time(String option, String text) {
    return OptionValues.parse(option, () -> IncidentTimes.parse(text));
  }
}
