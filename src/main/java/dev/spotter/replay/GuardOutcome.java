package dev.spotter.replay;

/**
 * What one guard (a request pinned to a production incident) found in a check, in the form every
 * report shows it. A plain record here, beside {@link CheckResult}, so that reports, the store and
 * the dashboard carry it without knowing about incidents.
 *
 * @param guardId the guard's id in the store
 * @param name the guard's name
 * @param incidentId the incident it protects against
 * @param incidentTitle that incident's title
 * @param request {@code METHOD url} of the pinned request
 * @param expectation what the candidate must answer, as written ({@code status 404}, {@code same})
 * @param status passed, failed, or why it has no verdict
 * @param reason one sentence: what was observed and why that passes or fails
 */
public record GuardOutcome(
    long guardId,
    String name,
    long incidentId,
    String incidentTitle,
    String request,
    String expectation,
    Status status,
    String reason) {

  /** How a guard ended. */
  public enum Status {
    /** The candidate met the expectation. */
    PASSED("passed"),
    /** The candidate broke it again: the check fails. */
    FAILED("failed"),
    /**
     * The guard could not be judged (a target could not be reached, the old build gave no answer to
     * compare with): no verdict, as a check with an unreachable target has none.
     */
    NOT_JUDGED("not_judged"),
    /** Not sent: a method with side effects in a check that does not allow them. */
    NOT_SENT("not_sent");

    private final String jsonName;

    Status(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }

    @Override
    public String toString() {
      return jsonName;
    }
  }

  public boolean failed() {
    return status == Status.FAILED;
  }

  public boolean notJudged() {
    return status == Status.NOT_JUDGED;
  }
}
