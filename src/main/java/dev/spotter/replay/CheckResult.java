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
 * @param guards what each active guard found, in the order they ran; empty for a run without guards
 *     (a shadow, a check with none active)
 */
public record CheckResult(
    RunInfo run,
    Summary summary,
    List<EndpointReport> endpoints,
    List<SkipCount> skipped,
    List<TargetStats> targets,
    Map<String, ExampleExchange> examples,
    List<GuardOutcome> guards) {

  public CheckResult {
    endpoints = List.copyOf(endpoints);
    skipped = List.copyOf(skipped);
    targets = List.copyOf(targets);
    examples = Map.copyOf(examples);
    guards = guards == null ? List.of() : List.copyOf(guards);
  }

  /** A result without guards. */
  public CheckResult(
      RunInfo run,
      Summary summary,
      List<EndpointReport> endpoints,
      List<SkipCount> skipped,
      List<TargetStats> targets,
      Map<String, ExampleExchange> examples) {
    this(run, summary, endpoints, skipped, targets, examples, List.of());
  }

  /**
   * This result with the check's guards and the verdict they make together with the replay (see
   * {@link #verdict(CheckVerdict, List)}).
   */
  public CheckResult withGuards(List<GuardOutcome> outcomes) {
    Summary s = summary;
    Summary judged =
        s == null
            ? null
            : new Summary(
                s.requests(),
                s.compared(),
                s.skipped(),
                s.errors(),
                s.regressions(),
                verdict(s.verdict(), outcomes));
    return new CheckResult(run, judged, endpoints, skipped, targets, examples, outcomes);
  }

  /**
   * The verdict of a check from the replay's and the guards': a failed guard fails the check
   * whatever the replay found (it is a mistake that already reached production once, seen again);
   * otherwise regressions fail it; otherwise a replay without a verdict, or a guard that could not
   * be judged, leaves the check without one, as a target that cannot be reached does. A guard not
   * sent (side effects not allowed) changes nothing.
   */
  public static CheckVerdict verdict(CheckVerdict replay, List<GuardOutcome> guards) {
    if (guards.stream().anyMatch(GuardOutcome::failed)) {
      return CheckVerdict.FAIL;
    }
    if (replay != CheckVerdict.PASS) {
      return replay;
    }
    return guards.stream().anyMatch(GuardOutcome::notJudged) ? CheckVerdict.INCOMPLETE : replay;
  }

  /** Guards the candidate broke again. */
  public long failedGuards() {
    return guards.stream().filter(GuardOutcome::failed).count();
  }

  /** True when some target was sent requests and answered none of them. */
  public boolean someTargetNeverAnswered() {
    return targets.stream().anyMatch(TargetStats::neverAnswered);
  }
}
