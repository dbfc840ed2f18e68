package dev.spotter.canary.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * Combines the metrics' judgements into the step's, in this order: any SLO breach FAILs; a critical
 * metric's FAIL FAILs; failed weight above {@code 100 - marginalScore} FAILs; a score (the weight
 * of PASS metrics) reaching {@code passScore} PASSes; anything else is INCONCLUSIVE. Every FAIL of
 * a step thus needs a FAIL of some metric, which is what bounds the run's false alarms by the sum
 * of the metrics' shares of alpha.
 */
final class StepRules {
  private StepRules() {}

  static StepJudgement combine(JudgeSettings settings, List<Outcome> outcomes) {
    List<MetricJudgement> metrics = new ArrayList<>(outcomes.size());
    double passed = 0;
    double failed = 0;
    List<String> failedNames = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    String slo = null;
    String critical = null;
    for (Outcome o : outcomes) {
      MetricJudgement j = o.judgement();
      metrics.add(j);
      switch (j.verdict()) {
        case PASS -> passed += j.weight();
        case FAIL -> {
          failed += j.weight();
          failedNames.add(j.metric());
          if (o.sloBreach() && slo == null) {
            slo = j.metric();
          }
          if (j.critical() && critical == null) {
            critical = j.metric();
          }
        }
        case INCONCLUSIVE -> undecided.add(j.metric());
      }
    }
    double score = passed; // weights add up to 100, so the PASS weight is the score
    double allowedFailure = 100 - settings.marginalScore();
    if (slo != null) {
      return new StepJudgement(
          Verdict.FAIL,
          score,
          metrics,
          "Metric '" + slo + "' breaches its SLO limit on the canary: " + reasonOf(metrics, slo));
    }
    if (critical != null) {
      return new StepJudgement(
          Verdict.FAIL,
          score,
          metrics,
          "Critical metric '"
              + critical
              + "' is worse on the canary: "
              + reasonOf(metrics, critical));
    }
    if (failed > allowedFailure) {
      return new StepJudgement(
          Verdict.FAIL,
          score,
          metrics,
          Texts.format(
                  "Failed metrics (%s) weigh %s of 100, more than the %s a marginal score of %s"
                      + " allows.",
                  String.join(", ", failedNames),
                  Texts.plain(failed),
                  Texts.plain(allowedFailure),
                  Texts.plain(settings.marginalScore()))
              + failedReasons(metrics, failedNames));
    }
    if (score >= settings.passScore()) {
      return new StepJudgement(
          Verdict.PASS,
          score,
          metrics,
          Texts.format(
              "Score %s reaches the pass score %s%s.",
              Texts.plain(score),
              Texts.plain(settings.passScore()),
              failedNames.isEmpty() ? "" : " despite " + String.join(", ", failedNames)));
    }
    List<String> open = new ArrayList<>(undecided);
    String failedPart = failedNames.isEmpty() ? "" : "; failed: " + String.join(", ", failedNames);
    return new StepJudgement(
        Verdict.INCONCLUSIVE,
        score,
        metrics,
        Texts.format(
            "Too early to decide: score %s is below the pass score %s; undecided: %s%s.",
            Texts.plain(score),
            Texts.plain(settings.passScore()),
            open.isEmpty() ? "none" : String.join(", ", open),
            failedPart));
  }

  /** " Metric 'latency': Canary's latency is higher by ...", one sentence per failed metric. */
  private static String failedReasons(List<MetricJudgement> metrics, List<String> failedNames) {
    StringBuilder out = new StringBuilder();
    for (MetricJudgement j : metrics) {
      if (failedNames.contains(j.metric())) {
        out.append(" Metric '").append(j.metric()).append("': ").append(j.reason());
      }
    }
    return out.toString();
  }

  /** The metric's own reason, lower-cased at the start so it continues the step's sentence. */
  private static String reasonOf(List<MetricJudgement> metrics, String name) {
    for (MetricJudgement j : metrics) {
      if (j.metric().equals(name)) {
        String r = j.reason();
        return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
      }
    }
    return "";
  }
}
