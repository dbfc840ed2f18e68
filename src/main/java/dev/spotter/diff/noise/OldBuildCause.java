package dev.spotter.diff.noise;

import java.time.Instant;

/**
 * Looks again at a path the old build's copies differ on, for causes other than per-call
 * randomness, and names them. Pure.
 *
 * <p><b>State that drifted</b>: when a write reached some targets and not the others (a shadow that
 * does not mirror writes, a write that failed on one target), reads after it may find the copies
 * holding different data. The secondary then differs from the primary for a reason that says
 * nothing of the old build's nondeterminism, and taking it for noise would hide a change of the
 * candidate at the same path. So a finding the secondary differs on, seen after such a write and
 * not before it, is no noise: it is undecided with the drift as its reason (the check ends without
 * a verdict unless the team accepts it), and it is not asked again, which cannot undo a write.
 * Where the candidate never differs nothing hides, and the finding stays noise under the drift's
 * name. Regressions stay regressions: the candidate differs there beyond what the secondary shows.
 *
 * <p><b>A value per copy</b>: a noise finding where the primary showed one value on every ask, the
 * secondary one other value on every ask (at least twice) and the candidate at most one, is told by
 * those distinct values, not by how often it differs: a host name, an instance id, a copy's own
 * state. It stays noise, under a name that says so.
 */
final class OldBuildCause {
  /** Asks the secondary must have differed on, always with its one value, to call it its own. */
  static final int PER_INSTANCE_ASKS = 2;

  private OldBuildCause() {}

  static NoiseJudge.Judgement reconsider(
      PathTally t, EndpointTally endpoint, NoiseJudge.Judgement j, StateDrift drift) {
    if (j.verdict() == Verdict.REGRESSION || t.noise == 0) {
      return j;
    }
    if (driftedHere(t, drift)) {
      return drifted(t, endpoint, j, drift);
    }
    if (j.verdict() == Verdict.NOISE && perInstance(t)) {
      return new NoiseJudge.Judgement(
          Verdict.NOISE,
          perInstanceReason(t, endpoint),
          j.unexplained(),
          j.pValue(),
          FindingCause.PER_INSTANCE);
    }
    return j;
  }

  /**
   * The secondary differs here, a difference here showed after the first drifting write (on a
   * request sent after it), and the secondary never showed one here before it (the old build
   * varying on its own would have).
   */
  static boolean driftedHere(PathTally t, StateDrift drift) {
    if (!drift.any() || t.noise == 0) {
      return false;
    }
    Instant since = drift.first().at();
    // strictly after: the write's own answers, sent at that moment, are not reads after it
    boolean after =
        t.differenceAtUnknownTime
            || (t.lastDifferenceAt != null && t.lastDifferenceAt.isAfter(since));
    boolean noiseBefore = t.firstNoiseAt != null && t.firstNoiseAt.isBefore(since);
    return after && !noiseBefore;
  }

  /** One value per target: the primary's and the secondary's each single and not the same. */
  static boolean perInstance(PathTally t) {
    return t.primaryValues.single()
        && t.secondaryValues.single()
        && t.secondaryValues.seen() >= PER_INSTANCE_ASKS
        && !t.primaryValues.overlaps(t.secondaryValues)
        && (t.candidateValues.isEmpty() || t.candidateValues.single());
  }

  private static NoiseJudge.Judgement drifted(
      PathTally t, EndpointTally endpoint, NoiseJudge.Judgement j, StateDrift drift) {
    String counts =
        "the secondary differs from the primary here on "
            + NoiseJudge.count(t.noise)
            + " of "
            + asks(endpoint)
            + (t.candidate == 0
                ? ", the candidate never does, so no change of it hides here"
                : ", the candidate on "
                    + NoiseJudge.count(t.candidate)
                    + ": the copies may not hold what the primary holds, so this is not taken for"
                    + " the old build's nondeterminism, and a change of the candidate here would"
                    + " hide behind it");
    String reason =
        "State may have drifted: "
            + drift.sentence()
            + ". After it "
            + counts
            + ". To judge it, "
            + StateDrift.REMEDY
            + "."
            + (j.verdict() == Verdict.UNDECIDED ? " On the counts alone: " + j.reason() : "");
    Verdict verdict = t.candidate == 0 ? Verdict.NOISE : Verdict.UNDECIDED;
    return new NoiseJudge.Judgement(
        verdict, reason, j.unexplained(), j.pValue(), FindingCause.STATE_DRIFT);
  }

  private static String perInstanceReason(PathTally t, EndpointTally endpoint) {
    String candidate;
    if (t.candidateValues.isEmpty()) {
      candidate = "; the candidate never differs";
    } else if (t.candidateValues.overlaps(t.secondaryValues)) {
      candidate = "; the candidate, where it differs, has the secondary's";
    } else {
      candidate = "; the candidate, where it differs, keeps one of its own";
    }
    return "Differs between copies of the old build (one value per copy: likely the host, the"
        + " instance or its state): wherever they differ here the primary has one value and the"
        + " secondary always another ("
        + NoiseJudge.count(t.noise)
        + " of "
        + asks(endpoint)
        + ")"
        + candidate
        + ". The candidate differs on "
        + NoiseJudge.count(t.candidate)
        + ", the secondary on "
        + NoiseJudge.count(t.noise)
        + ": no worse than the old build.";
  }

  private static String asks(EndpointTally endpoint) {
    return endpoint.asks == endpoint.requests
        ? NoiseJudge.count(endpoint.asks) + (endpoint.asks == 1 ? " request" : " requests")
        : NoiseJudge.count(endpoint.asks) + " asks";
  }
}
