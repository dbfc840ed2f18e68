package dev.spotter.diff;

/**
 * How a value moved, recorded with each value change so that noise analysis can compare the size
 * and form of a candidate's changes with the secondary's, not only their number.
 */
public sealed interface ValueChange {
  /** Nothing measurable: not a value change, or values of kinds that are not compared further. */
  ValueChange NONE = new Unmeasured();

  /** No measurement applies. */
  record Unmeasured() implements ValueChange {}

  /**
   * Two numbers differ by {@code relativeDelta} = |a - b| / max(|a|, |b|), a value in (0, 2].
   *
   * @param relativeDelta relative size of the change
   */
  record Numeric(double relativeDelta) implements ValueChange {
    /** The decade of the change, from -20 (tiny, floating-point noise) up to 1. */
    public int decade() {
      if (relativeDelta <= 0) {
        return -20;
      }
      return (int) Math.max(-20, Math.min(1, Math.floor(Math.log10(relativeDelta))));
    }
  }

  /**
   * Two strings differ; each is classified into a shape ({@code uuid}, {@code datetime}, {@code
   * integer}, {@code text} ...). A change of shape that noise never shows is not noise.
   *
   * @param primaryShape shape of the primary's string
   * @param otherShape shape of the other's string
   */
  record Textual(String primaryShape, String otherShape) implements ValueChange {
    public String transition() {
      return primaryShape + "->" + otherShape;
    }
  }

  /**
   * A value changed its JSON type ({@code number} to {@code string}, {@code null} to {@code
   * object}), or a body its kind ({@code json} to {@code text}). A type change the secondary never
   * shows is not explained by a path whose type merely flaps in the old build.
   *
   * @param primaryType type of the primary's value
   * @param otherType type of the other's value
   */
  record TypeShift(String primaryType, String otherType) implements ValueChange {
    public String transition() {
      return "type:" + primaryType + "->" + otherType;
    }
  }
}
