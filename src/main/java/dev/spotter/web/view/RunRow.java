package dev.spotter.web.view;

import dev.spotter.store.StoredRun;

/** A stored check or shadow run, as lists show it. */
public record RunRow(
    String id,
    String kind,
    String source,
    String started,
    String finished,
    String verdict,
    long requests,
    long regressions) {

  public static RunRow of(StoredRun r) {
    return new RunRow(
        r.id(),
        r.kind(),
        r.source(),
        Show.time(r.startedAt()),
        r.finishedAt() == null ? "still running" : Show.time(r.finishedAt()),
        r.verdict(),
        r.requests(),
        r.regressions());
  }

  /** The report's colour: red for a failed verdict, green for a pass, grey otherwise. */
  public String verdictClass() {
    return switch (verdict == null ? "" : verdict) {
      case "fail" -> "tag reg";
      case "pass" -> "tag noise";
      default -> "tag look";
    };
  }
}
