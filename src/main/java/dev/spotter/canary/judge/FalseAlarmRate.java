package dev.spotter.canary.judge;

/**
 * The estimated false-alarm rate of a judge from A/A data.
 *
 * @param runs runs judged (one per re-split)
 * @param falseAlarms runs that would have been rolled back (a FAIL at any look)
 * @param rate falseAlarms / runs
 * @param alpha the configured false-alarm level
 * @param upper95 a one-sided 95 % Clopper-Pearson upper bound on the rate
 * @param decided runs that reached a decision: a FAIL at some look, or a PASS at the last look of
 *     every step. Runs that stayed inconclusive could hardly have failed, so few decided runs make
 *     a low rate weak evidence. Null in records written before it was counted
 */
public record FalseAlarmRate(
    int runs, int falseAlarms, double rate, double alpha, double upper95, Integer decided) {}
