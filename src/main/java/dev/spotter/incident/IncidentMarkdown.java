package dev.spotter.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A post-mortem as Markdown, in the order a review reads it. The headings invite learning: what
 * made the mistake easy, how it could have been noticed sooner, where the team got lucky; never who
 * is to blame.
 */
public final class IncidentMarkdown {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private IncidentMarkdown() {}

  public static String of(Incident i) {
    StringBuilder md = new StringBuilder();
    md.append("# ")
        .append(line(i.title()))
        .append("\n\n")
        .append("*Incident ")
        .append(i.id())
        .append(" · ")
        .append(i.severity().wireName().toUpperCase(java.util.Locale.ROOT))
        .append(" · ")
        .append(i.status().wireName())
        .append("*\n\n")
        .append(
            "This review is blameless: it looks for the conditions that made the failure possible"
                + " and the changes that make it less likely, not for someone to blame.\n\n");
    md.append("| started | detected | resolved | time to detect | time to resolve |\n")
        .append("|---|---|---|---|---|\n")
        .append("| ")
        .append(time(i.started()))
        .append(" | ")
        .append(time(i.detected()))
        .append(" | ")
        .append(time(i.resolved()))
        .append(" | ")
        .append(between(i.started(), i.detected()))
        .append(" | ")
        .append(between(i.started(), i.resolved()))
        .append(" |\n\n");
    section(md, "Summary", i.summary());
    section(md, "Impact", i.impact());
    section(md, "Trigger", i.trigger());
    list(md, "Contributing factors (conditions, not people)", i.contributingFactors());
    section(md, "Detection", i.detection());
    section(md, "How could we have known sooner?", i.detectionSooner());
    section(md, "Response and recovery", i.response());
    md.append("## Timeline\n\n");
    if (i.timeline().isEmpty()) {
      md.append("_Not written yet._\n\n");
    } else {
      for (TimelineEntry e : i.timeline()) {
        md.append("- **").append(time(e.at())).append("** ").append(line(e.text())).append('\n');
      }
      md.append('\n');
    }
    list(md, "What went well", i.wentWell());
    list(md, "What went wrong", i.wentWrong());
    list(md, "Where we got lucky", i.gotLucky());
    md.append("## Action items\n\n");
    if (i.actionItems().isEmpty()) {
      md.append("_None yet._\n");
    } else {
      md.append("| # | kind | what | owner | due | status |\n|---|---|---|---|---|---|\n");
      int n = 1;
      for (ActionItem a : i.actionItems()) {
        md.append("| ")
            .append(n++)
            .append(" | ")
            .append(a.kind().name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(cell(a.description()))
            .append(" | ")
            .append(cell(a.owner()))
            .append(" | ")
            .append(a.due() == null ? "–" : a.due().toString())
            .append(" | ")
            .append(a.status().name().toLowerCase(java.util.Locale.ROOT))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  private static void section(StringBuilder md, String heading, String text) {
    md.append("## ").append(heading).append("\n\n");
    md.append(text == null || text.isBlank() ? "_Not written yet._" : text.strip()).append("\n\n");
  }

  private static void list(StringBuilder md, String heading, List<String> items) {
    md.append("## ").append(heading).append("\n\n");
    if (items.isEmpty()) {
      md.append("_Not written yet._\n\n");
      return;
    }
    for (String item : items) {
      md.append("- ").append(line(item)).append('\n');
    }
    md.append('\n');
  }

  private static String time(Instant at) {
    return at == null ? "–" : TIME.format(at);
  }

  private static String between(Instant from, Instant to) {
    if (from == null || to == null) {
      return "–";
    }
    Duration d = Duration.between(from, to);
    long minutes = d.toMinutes();
    return minutes < 120
        ? minutes + " min"
        : String.format(java.util.Locale.ROOT, "%.1f h", minutes / 60.0);
  }

  /** One line: a list item or heading must not be broken by the text's own line breaks. */
  private static String line(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** A table cell: one line, and a pipe would end the cell. */
  private static String cell(String text) {
    return line(text).replace("|", "\\|");
  }
}
