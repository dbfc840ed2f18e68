package dev.spotter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One guard's outcome as a stored run's report.json holds it, for pages that list runs (the
 * dashboard's run page and confidence page) without rebuilding the whole result.
 *
 * @param outcome {@code passed}, {@code failed}, {@code not_judged} or {@code not_sent}
 */
public record GuardLine(
    long guardId,
    String name,
    long incidentId,
    String incident,
    String request,
    String expectation,
    String outcome,
    String reason) {

  public boolean failed() {
    return "failed".equals(outcome);
  }

  /** The tag's colour: red for a failed guard, green for a pass, grey otherwise. */
  public String outcomeClass() {
    return switch (outcome == null ? "" : outcome) {
      case "failed" -> "tag reg";
      case "passed" -> "tag noise";
      default -> "tag look";
    };
  }

  /** {@code not judged} for {@code not_judged}: the outcome as people read it. */
  public String outcomeText() {
    return outcome == null ? "" : outcome.replace('_', ' ');
  }

  /**
   * The guards of a report.json (or of the compact copy a store keeps); none for a report written
   * before guards were part of the check, or for text that is not a report.
   */
  public static List<GuardLine> of(String reportJson) {
    if (reportJson == null) {
      return List.of();
    }
    JsonNode guards;
    try {
      guards = JsonReport.MAPPER.readTree(reportJson).path("guards");
    } catch (JsonProcessingException e) {
      return List.of();
    }
    List<GuardLine> lines = new ArrayList<>();
    for (JsonNode g : guards) {
      lines.add(
          new GuardLine(
              g.path("guardId").asLong(),
              g.path("name").asText(""),
              g.path("incidentId").asLong(),
              g.path("incident").asText(""),
              g.path("request").asText(""),
              g.path("expectation").asText(""),
              g.path("outcome").asText(""),
              g.path("reason").asText("")));
    }
    return List.copyOf(lines);
  }
}
