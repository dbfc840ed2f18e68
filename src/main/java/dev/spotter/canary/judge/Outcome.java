package dev.spotter.canary.judge;

/**
 * A metric's judgement plus what the step rules need to know besides: whether it failed because of
 * its SLO limit (an SLO breach fails the step whatever the weights).
 */
record Outcome(MetricJudgement judgement, boolean sloBreach) {
  static Outcome of(MetricJudgement judgement) {
    return new Outcome(judgement, false);
  }
}
