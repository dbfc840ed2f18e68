package dev.spotter.replay;

import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.StateDrift;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code spotter check} learned, in the form every report is written from.
 *
 * @param run what was compared with what, when, and how
 * @param summary the counts and verdict at the top of every report
 * @param endpoints per endpoint findings, endpoints with regressions first
 * @param skipped requests not replayed, counted by reason
 * @param targets per target request counts, failures and latency (of the first asks)
 * @param examples the exchanges cited by findings, by exchange id
 * @param guards what each active guard found, in the order they ran; empty for a run without guards
 *     (a shadow, a check with none active)
 * @param crossCutting changes shown on many endpoints at once, reported once at the top
 * @param repeats what asking again cost and why it stopped
 * @param notCovered endpoints whose every request was skipped, so the check says nothing of them
 * @param drift writes that reached some targets and not the others, after which the targets' states
 *     may differ
 */
public record CheckResult(
    RunInfo run,
    Summary summary,
    List<EndpointReport> endpoints,
    List<SkipCount> skipped,
    List<TargetStats> targets,
    Map<String, ExampleExchange> examples,
    List<GuardOutcome> guards,
    List<CrossCuttingFinding> crossCutting,
    Repeats repeats,
    List<NotCovered> notCovered,
    StateDrift drift) {

  public CheckResult {
    endpoints = List.copyOf(endpoints);
    skipped = List.copyOf(skipped);
    targets = List.copyOf(targets);
    examples = Map.copyOf(examples);
    guards = guards == null ? List.of() : List.copyOf(guards);
    crossCutting = crossCutting == null ? List.of() : List.copyOf(crossCutting);
    repeats = repeats == null ? Repeats.none(RepeatSettings.off()) : repeats;
    notCovered = notCovered == null ? List.of() : List.copyOf(notCovered);
    drift = drift == null ? StateDrift.NONE : drift;
  }

  /** A result where no write reached some targets only. */
  public CheckResult(
      RunInfo run,
      Summary summary,
      List<EndpointReport> endpoints,
      List<SkipCount> skipped,
      List<TargetStats> targets,
      Map<String, ExampleExchange> examples,
      List<GuardOutcome> guards,
      List<CrossCuttingFinding> crossCutting,
      Repeats repeats,
      List<NotCovered> notCovered) {
    this(
        run,
        summary,
        endpoints,
        skipped,
        targets,
        examples,
        guards,
        crossCutting,
        repeats,
        notCovered,
        StateDrift.NONE);
  }

  /** A result without guards, changes across endpoints or repeats. */
  public CheckResult(
      RunInfo run,
      Summary summary,
      List<EndpointReport> endpoints,
      List<SkipCount> skipped,
      List<TargetStats> targets,
      Map<String, ExampleExchange> examples) {
    this(run, summary, endpoints, skipped, targets, examples, List.of(), List.of(), null, null);
  }

  /** A result without changes across endpoints or repeats. */
  public CheckResult(
      RunInfo run,
      Summary summary,
      List<EndpointReport> endpoints,
      List<SkipCount> skipped,
      List<TargetStats> targets,
      Map<String, ExampleExchange> examples,
      List<GuardOutcome> guards) {
    this(run, summary, endpoints, skipped, targets, examples, guards, List.of(), null, null);
  }

  /**
   * This result with the check's guards and the verdict they make together with the replay (see
   * {@link #verdict(CheckVerdict, List)}).
   */
  public CheckResult withGuards(List<GuardOutcome> outcomes) {
    Summary judged =
        summary == null ? null : summary.withVerdict(verdict(summary.verdict(), outcomes));
    return new CheckResult(
        run,
        judged,
        endpoints,
        skipped,
        targets,
        examples,
        outcomes,
        crossCutting,
        repeats,
        notCovered,
        drift);
  }

  /** This result under another run description (its id, once saved). */
  public CheckResult withRun(RunInfo info) {
    return new CheckResult(
        info,
        summary,
        endpoints,
        skipped,
        targets,
        examples,
        guards,
        crossCutting,
        repeats,
        notCovered,
        drift);
  }

  /** This result with other headline counts, the findings unchanged. */
  public CheckResult withSummary(Summary s, List<SkipCount> skips) {
    return new CheckResult(
        run,
        s,
        endpoints,
        skips,
        targets,
        examples,
        guards,
        crossCutting,
        repeats,
        notCovered,
        drift);
  }

  /**
   * The verdict of a check from the replay's and the guards': a failed guard fails the check
   * whatever the replay found (it is a mistake that already reached production once, seen again);
   * otherwise regressions fail it; otherwise a replay without a verdict, or a guard that could not
   * be judged, leaves the check without one, as a target that cannot be reached does (incomplete
   * before undecided). A guard not sent (side effects not allowed) changes nothing.
   */
  public static CheckVerdict verdict(CheckVerdict replay, List<GuardOutcome> guards) {
    if (guards.stream().anyMatch(GuardOutcome::failed) || replay == CheckVerdict.FAIL) {
      return CheckVerdict.FAIL;
    }
    if (replay == CheckVerdict.INCOMPLETE || guards.stream().anyMatch(GuardOutcome::notJudged)) {
      return CheckVerdict.INCOMPLETE;
    }
    return replay;
  }

  /** Guards the candidate broke again. */
  public long failedGuards() {
    return guards.stream().filter(GuardOutcome::failed).count();
  }

  /** True when some target was sent requests and answered none of them. */
  public boolean someTargetNeverAnswered() {
    return targets.stream().anyMatch(TargetStats::neverAnswered);
  }

  /** Endpoints decided on the recorded traffic alone, after repeats, and left undecided. */
  public long endpointsDecided(EndpointReport.Decided how) {
    return endpoints.stream().filter(e -> e.decided() == how).count();
  }
}
