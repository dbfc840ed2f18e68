package dev.spotter.replay;

import dev.spotter.diff.Difference;
import java.util.List;

/** What came of judging one exchange, before any verdict: for live counters. */
public enum Analysis {
  /** The primary or the secondary gave no answer (or the diff failed): nothing to compare. */
  NOT_COMPARED,
  /** All three answers alike, after ignore rules. */
  IDENTICAL,
  /** Only the secondary differed from the primary: noise, the candidate agrees. */
  NOISE_ONLY,
  /** The candidate differed from the primary (a change, or noise; the verdict tells). */
  CANDIDATE_DIFFERS;

  static Analysis of(List<Difference> changes, List<Difference> noise) {
    if (!changes.isEmpty()) {
      return CANDIDATE_DIFFERS;
    }
    return noise.isEmpty() ? IDENTICAL : NOISE_ONLY;
  }

  /** The lower-case name used in metrics and reports. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
