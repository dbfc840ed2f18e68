package dev.spotter.diff.noise;

/**
 * How much of a finding rests on asking again: of the requests on which the candidate differed
 * here, those that were sent again, counted from the ask on which the candidate first differed.
 *
 * @param requests requests on which the candidate differed here and that were asked again
 * @param repeats asks of them after that first difference
 * @param candidateDiffered asks of them, that first one included, on which the candidate differed
 *     here
 * @param secondaryDiffered the same asks on which the secondary differed here
 */
public record Asked(long requests, long repeats, long candidateDiffered, long secondaryDiffered) {
  /** Nothing asked again. */
  public static final Asked NONE = new Asked(0, 0, 0, 0);

  /** Every ask of those requests, the first difference included. */
  public long asks() {
    return requests + repeats;
  }

  /** Whether any request of this finding was asked again. */
  public boolean any() {
    return requests > 0;
  }
}
