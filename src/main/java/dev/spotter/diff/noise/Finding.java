package dev.spotter.diff.noise;

import dev.spotter.diff.DifferenceKind;
import java.util.List;

/**
 * The differences of one kind at one folded path of an endpoint, counted over a run and judged.
 * Counts are over asks: each request once, plus every time it was asked again.
 *
 * @param path folded JSON Pointer, such as {@code /body/items/*}{@code /qty}
 * @param kind kind of difference
 * @param candidateCount asks where the candidate differs from the primary here
 * @param noiseCount asks where the secondary differs from the primary here
 * @param bothCount asks where both differ (the rest are discordant pairs the test looks at)
 * @param unexplainedCount candidate value changes larger or of another form than noise ever shows
 * @param pValue the anytime-valid p-value of "the candidate differs here more often than the old
 *     build", 1 when nothing was tested
 * @param verdict regression, undecided or noise
 * @param reason one sentence (or two) saying why, in the user's terms, and how it was decided
 * @param examples ids of example exchanges, candidate differences first
 * @param asked how much of the verdict rests on asking again
 * @param crossCutting the key of the change across endpoints this finding is part of ({@code
 *     "/headers/x field_added"}), or null when it was judged on this endpoint alone
 * @param cause what the old build's own differences here come from, when more than nondeterminism:
 *     state that drifted apart, or a value per copy
 */
public record Finding(
    String path,
    DifferenceKind kind,
    long candidateCount,
    long noiseCount,
    long bothCount,
    long unexplainedCount,
    double pValue,
    Verdict verdict,
    String reason,
    List<String> examples,
    Asked asked,
    String crossCutting,
    FindingCause cause) {

  public Finding {
    examples = List.copyOf(examples);
    asked = asked == null ? Asked.NONE : asked;
    cause = cause == null ? FindingCause.NONE : cause;
  }

  /** A finding whose old build's differences, if any, are put down to nothing in particular. */
  public Finding(
      String path,
      DifferenceKind kind,
      long candidateCount,
      long noiseCount,
      long bothCount,
      long unexplainedCount,
      double pValue,
      Verdict verdict,
      String reason,
      List<String> examples,
      Asked asked,
      String crossCutting) {
    this(
        path,
        kind,
        candidateCount,
        noiseCount,
        bothCount,
        unexplainedCount,
        pValue,
        verdict,
        reason,
        examples,
        asked,
        crossCutting,
        FindingCause.NONE);
  }

  /** A finding judged on its endpoint alone, without asking again. */
  public Finding(
      String path,
      DifferenceKind kind,
      long candidateCount,
      long noiseCount,
      long bothCount,
      long unexplainedCount,
      double pValue,
      Verdict verdict,
      String reason,
      List<String> examples) {
    this(
        path,
        kind,
        candidateCount,
        noiseCount,
        bothCount,
        unexplainedCount,
        pValue,
        verdict,
        reason,
        examples,
        Asked.NONE,
        null,
        FindingCause.NONE);
  }

  public boolean isRegression() {
    return verdict == Verdict.REGRESSION;
  }

  public boolean isUndecided() {
    return verdict == Verdict.UNDECIDED;
  }

  /** Whether this finding is reported once, at the top, as part of a change across endpoints. */
  public boolean isCrossCutting() {
    return crossCutting != null;
  }
}
