package dev.spotter.diff.noise;

import dev.spotter.model.Endpoint;
import java.util.List;

/**
 * What a run found for one endpoint.
 *
 * @param endpoint method and path template
 * @param requests requests of this endpoint that were compared
 * @param differing requests where the candidate differed from the primary anywhere (before noise
 *     was taken out)
 * @param regressing requests with at least one difference on a path judged a regression
 * @param findings regressions first, then undecided findings, then noise, each ordered by path
 * @param repeats how many more times its requests were asked, beyond once each
 */
public record EndpointReport(
    Endpoint endpoint,
    long requests,
    long differing,
    long regressing,
    List<Finding> findings,
    long repeats) {

  public EndpointReport {
    findings = List.copyOf(findings);
  }

  /** A report of an endpoint whose requests were each asked once. */
  public EndpointReport(
      Endpoint endpoint, long requests, long differing, long regressing, List<Finding> findings) {
    this(endpoint, requests, differing, regressing, findings, 0);
  }

  /**
   * Regressions judged on this endpoint alone: those that are part of a change across endpoints are
   * counted once, with that change.
   */
  public long regressions() {
    return findings.stream().filter(f -> f.isRegression() && !f.isCrossCutting()).count();
  }

  /** Whether any regression shows here, its own or part of a change across endpoints. */
  public boolean changed() {
    return findings.stream().anyMatch(Finding::isRegression);
  }

  public long undecided() {
    return findings.stream().filter(Finding::isUndecided).count();
  }

  /** How this endpoint was decided: on the recorded traffic alone, after repeats, or not at all. */
  public Decided decided() {
    if (undecided() > 0) {
      return Decided.UNDECIDED;
    }
    return repeats > 0 ? Decided.AFTER_REPEATS : Decided.ON_RECORDED_TRAFFIC;
  }

  /** Whether a corpus was enough to decide an endpoint. */
  public enum Decided {
    ON_RECORDED_TRAFFIC("recorded"),
    AFTER_REPEATS("repeats"),
    UNDECIDED("undecided");

    private final String jsonName;

    Decided(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }
  }
}
