package dev.spotter.incident;

/**
 * Spotter's kudos for a guard that caught the mistake of its incident again.
 *
 * <p>The rule: <b>once per guard and candidate</b>. The catch is the event worth thanking, not the
 * check that saw it: CI retrying a failed job, or someone re-running the same check against the
 * same candidate, sees the same mistake again and must not make the log grow (it would tell a
 * manager that the safety net worked nine times when it worked once). The entry names the run that
 * caught it first. The candidate is known by its URL, the only name a check has for it; a later
 * build served at the same URL that brings the mistake back is not thanked again, which errs on the
 * side of a log that does not inflate.
 */
public final class GuardKudos {
  private final KudosLog log;

  public GuardKudos(KudosLog log) {
    this.log = log;
  }

  /**
   * Thanks the guard unless it was already thanked for this candidate.
   *
   * @param runId the run that caught it, or null when it was not saved
   * @return whether an entry was added
   */
  public boolean caught(
      long guardId,
      String guardName,
      long incidentId,
      String incidentTitle,
      String candidate,
      String runId) {
    String key = key(guardId, candidate);
    return log.addFromSpotterOnce(
        key,
        "Guard '"
            + guardName
            + "' caught the mistake of incident "
            + incidentId
            + " ("
            + incidentTitle
            + ") again, before it reached production "
            + key
            + (runId == null ? ")" : ", run " + runId + ")"),
        null);
  }

  /** The part of an entry that names the guard and the candidate, how an earlier one is found. */
  static String key(long guardId, String candidate) {
    return "(guard " + guardId + " against " + candidate;
  }
}
