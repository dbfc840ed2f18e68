package dev.spotter.canary.judge;

import java.util.List;

/**
 * The judgement of a step so far.
 *
 * @param verdict FAIL rolls back at once; PASS lets the step end and the next one start;
 *     INCONCLUSIVE extends the step
 * @param score the weights of the PASS metrics (out of 100)
 * @param metrics every metric's judgement, in the settings' order
 * @param reason one sentence for the step
 */
public record StepJudgement(
    Verdict verdict, double score, List<MetricJudgement> metrics, String reason) {
  public StepJudgement {
    metrics = List.copyOf(metrics);
  }
}
