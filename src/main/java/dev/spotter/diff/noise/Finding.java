package dev.spotter.diff.noise;

import dev.spotter.diff.DifferenceKind;
import java.util.List;

/**
 * The differences of one kind at one folded path of an endpoint, counted over a run and judged.
 *
 * @param path folded JSON Pointer, such as {@code /body/items/*}{@code /qty}
 * @param kind kind of difference
 * @param candidateCount requests where the candidate differs from the primary here
 * @param noiseCount requests where the secondary differs from the primary here
 * @param bothCount requests where both differ (the rest are discordant pairs the test looks at)
 * @param unexplainedCount candidate value changes larger or of another form than noise ever shows
 * @param pValue one-sided exact McNemar p-value, or 1 when not computed (no noise)
 * @param verdict regression or noise
 * @param reason one sentence saying why, in the user's terms
 * @param examples ids of example exchanges, candidate differences first
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
    List<String> examples) {

  public Finding {
    examples = List.copyOf(examples);
  }

  public boolean isRegression() {
    return verdict == Verdict.REGRESSION;
  }
}
