package dev.spotter.canary;

import dev.spotter.canary.judge.FalseAlarmRate;
import dev.spotter.canary.judge.JudgeSettings;
import java.time.Instant;
import java.util.List;

/**
 * Everything a canary run's reports show: its verdict and why, each step with both arms and the
 * judge's explained figures, the timeline, and the settings it was judged by.
 *
 * @param name the run's name (runs are resumed by name)
 * @param state where the run is; a {@link RunState#over()} state once finished
 * @param verdict null while the run is not over
 * @param reason one sentence: why it ended (or where it stands)
 * @param aaMode the baseline was run against itself to measure false alarms
 * @param falseAlarms in A/A mode, the observed false-alarm rate over re-splits of the traffic; null
 *     otherwise or when there was too little traffic to estimate it
 * @param routingKey what keeps a user on one arm, as written ({@code header:X-User-Id}); a resumed
 *     run must use the same, or users would change arms
 */
public record CanaryResult(
    String name,
    String baselineUrl,
    String canaryUrl,
    boolean aaMode,
    RunState state,
    RunVerdict verdict,
    String reason,
    Instant started,
    Instant ended,
    List<Double> plannedPercents,
    JudgeSettings judgeSettings,
    List<StepRecord> steps,
    List<RunEvent> events,
    FalseAlarmRate falseAlarms,
    String routingKey) {}
