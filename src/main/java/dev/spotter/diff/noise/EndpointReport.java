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
 * @param findings regressions first, then noise, each ordered by path
 */
public record EndpointReport(
    Endpoint endpoint, long requests, long differing, long regressing, List<Finding> findings) {

  public EndpointReport {
    findings = List.copyOf(findings);
  }

  public long regressions() {
    return findings.stream().filter(Finding::isRegression).count();
  }
}
