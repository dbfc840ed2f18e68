package dev.spotter.canary;

import dev.spotter.canary.judge.StepJudgement;
import java.time.Instant;

/**
 * One step of a canary run: the share of users on the canary, how long it ran, what each arm served
 * and the judge's last word on it.
 *
 * @param index from 0
 * @param canaryPercent the share of routing buckets on the canary (0.01 % resolution)
 * @param ended null while in progress
 * @param extensions how many times the step was extended because the judge was inconclusive
 * @param looks how many times the judge looked at this step's data
 * @param judgement the last judgement, null when the step was never judged (too short, or the final
 *     100 % step)
 */
public record StepRecord(
    int index,
    double canaryPercent,
    Instant started,
    Instant ended,
    int extensions,
    int looks,
    StepOutcome outcome,
    StepJudgement judgement,
    ArmSummary baseline,
    ArmSummary canary) {}
