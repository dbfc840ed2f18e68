package dev.spotter.replay;

import dev.spotter.diff.noise.EndpointReport;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code spotter check} learned, in the form every report is written from.
 *
 * @param run what was compared with what, when, and how
 * @param summary the counts and verdict at the top of every report
 * @param endpoints per endpoint findings, endpoints with regressions first
 * @param skipped requests not replayed, counted by reason
 * @param targets per target request counts, failures and latency
 * @param examples the exchanges cited by findings, by exchange id
 */
public record CheckResult(
    RunInfo run,
    Summary summary,
    List<EndpointReport> endpoints,
    List<SkipCount> skipped,
    List<TargetStats> targets,
    Map<String, ExampleExchange> examples) {

  public CheckResult {
    endpoints = List.copyOf(endpoints);
    skipped = List.copyOf(skipped);
    targets = List.copyOf(targets);
    examples = Map.copyOf(examples);
  }

  /** True when some target was sent requests and answered none of them. */
  public boolean someTargetNeverAnswered() {
    return targets.stream().anyMatch(TargetStats::neverAnswered);
  }
}
