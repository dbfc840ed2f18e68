package dev.spotter.web.view;

import dev.spotter.report.RunHeadline;
import dev.spotter.store.StoredRun;

/**
 * A stored check or shadow run, as lists show it.
 *
 * @param verdict {@code pass}, {@code fail}, {@code undecided} or {@code incomplete}, as stored
 * @param undecided findings left undecided, read from the run's report when it was at hand
 * @param undecidedAccepted the team accepted them with {@code --allow-undecided}
 */
public record RunRow(
    String id,
    String kind,
    String source,
    String started,
    String finished,
    String verdict,
    long requests,
    long regressions,
    long undecided,
    boolean undecidedAccepted) {

  /** A run with its counts from its report, when the run was read with it. */
  public static RunRow of(StoredRun r) {
    return of(r, r.reportJson());
  }

  /** A run listed without its report, with the counts of {@code reportJson} (null: none). */
  public static RunRow of(StoredRun r, String reportJson) {
    RunHeadline.Undecided u = RunHeadline.Undecided.of(reportJson);
    return new RunRow(
        r.id(),
        r.kind(),
        r.source(),
        Show.time(r.startedAt()),
        r.finishedAt() == null ? "still running" : Show.time(r.finishedAt()),
        r.verdict(),
        r.requests(),
        r.regressions(),
        u.undecided(),
        u.accepted());
  }

  /**
   * The report's colour: red for a failed verdict, green for a pass, amber otherwise (undecided is
   * never green: it is no pass).
   */
  public String verdictClass() {
    return switch (verdict == null ? "" : verdict) {
      case "fail" -> "tag reg";
      case "pass" -> "tag noise";
      default -> "tag look";
    };
  }

  /**
   * The findings a run left undecided, whatever its verdict (a failed run can leave some too):
   * {@code 3 findings undecided}, {@code ..., accepted with --allow-undecided}; empty when none is,
   * or when the counts were not read.
   */
  public String verdictNote() {
    if (undecided == 0) {
      return "";
    }
    return undecided
        + (undecided == 1 ? " finding" : " findings")
        + " undecided"
        + ("undecided".equals(verdict) && undecidedAccepted
            ? ", accepted with --allow-undecided"
            : "");
  }
}
