package dev.spotter.diff.noise;

import java.util.List;

/**
 * Everything a run's differences were judged to be.
 *
 * @param endpoints per endpoint findings, endpoints with regressions first
 * @param crossCutting changes shown on many endpoints at once, each reported once
 * @param askAgain requests whose answers, asked again, could decide a finding still undecided;
 *     empty when everything is decided
 * @param firstLevelTests how many tests shared the significance at the first level (endpoints,
 *     changes across endpoints, changes of form); the paths of an endpoint share its part
 * @param drift the writes that reached some targets and not the others
 */
public record RunFindings(
    List<EndpointReport> endpoints,
    List<CrossCuttingFinding> crossCutting,
    List<RequestRef> askAgain,
    int firstLevelTests,
    StateDrift drift) {

  public RunFindings {
    endpoints = List.copyOf(endpoints);
    crossCutting = List.copyOf(crossCutting);
    askAgain = List.copyOf(askAgain);
    drift = drift == null ? StateDrift.NONE : drift;
  }

  /** Findings of a run where no write reached some targets only. */
  public RunFindings(
      List<EndpointReport> endpoints,
      List<CrossCuttingFinding> crossCutting,
      List<RequestRef> askAgain,
      int firstLevelTests) {
    this(endpoints, crossCutting, askAgain, firstLevelTests, StateDrift.NONE);
  }

  /** Regressions, each change across endpoints counted once. */
  public long regressions() {
    return endpoints.stream().mapToLong(EndpointReport::regressions).sum() + crossCutting.size();
  }

  /** Findings left undecided. */
  public long undecided() {
    return endpoints.stream().mapToLong(EndpointReport::undecided).sum();
  }
}
