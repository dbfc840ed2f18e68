package dev.spotter.replay;

import dev.spotter.diff.Difference;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpRequestData;
import java.util.List;

/**
 * One request with the three answers, kept because a finding cites it. Already redacted, and bodies
 * cut to a display cap, so it is safe to write into a report.
 *
 * @param id exchange id, as cited by findings
 * @param endpoint endpoint it was grouped under
 * @param request the request as replayed (before target-specific Host rewriting)
 * @param primary what the primary did
 * @param secondary what the secondary (or the primary asked again) did
 * @param candidate what the candidate did
 * @param candidateDifferences candidate vs primary
 * @param noiseDifferences secondary vs primary
 */
public record ExampleExchange(
    String id,
    Endpoint endpoint,
    HttpRequestData request,
    TargetOutcome primary,
    TargetOutcome secondary,
    TargetOutcome candidate,
    List<Difference> candidateDifferences,
    List<Difference> noiseDifferences) {

  public ExampleExchange {
    candidateDifferences = List.copyOf(candidateDifferences);
    noiseDifferences = List.copyOf(noiseDifferences);
  }
}
