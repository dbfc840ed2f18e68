package dev.spotter.incident;

/**
 * Where one DORA figure falls among the performance bands of the DORA, Accelerate State of DevOps
 * Report 2024 (dora.dev), or why it falls nowhere.
 *
 * <p>A band rates one figure, not a team: the report's clusters combine all four keys, and Spotter
 * does not claim to reproduce that. See docs/dora.md for the edges.
 */
public enum DoraBand {
  /** The report's elite band. */
  ELITE("elite"),
  /** The report's high band. */
  HIGH("high"),
  /** The report's medium band. */
  MEDIUM("medium"),
  /** The report's low band. */
  LOW("low"),
  /**
   * Slower than the report's low band reaches: fewer deployments than one every six months, a lead
   * time of six months or more, a recovery of a month or more.
   */
  BELOW_LOW("below low"),
  /** Too little data for the figure: nothing to rate (the explanation says what is missing). */
  NONE("none"),
  /** The figure has a value, but the report publishes no bands for it (rework rate, a p90). */
  NOT_RATED("not rated");

  private final String label;

  DoraBand(String label) {
    this.label = label;
  }

  /** As shown to people: {@code elite}, {@code below low}, {@code not rated}... */
  public String label() {
    return label;
  }

  /** Whether this is a place on the report's scale (elite to below low). */
  public boolean rated() {
    return compareTo(BELOW_LOW) <= 0;
  }
}
