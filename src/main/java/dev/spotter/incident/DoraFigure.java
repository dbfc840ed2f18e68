package dev.spotter.incident;

import java.util.Objects;

/**
 * One DORA figure over one window, graded rather than bare: its value, what it rests on, its band
 * and a sentence saying how it was reached.
 *
 * @param name what the figure is, for example {@code change fail rate}
 * @param value the figure in {@code unit}; NaN when undefined (no data). Deployment frequency is
 *     never NaN: no deployment is 0 per week
 * @param unit {@code deployments per week}, {@code hours} or {@code %}
 * @param sampleSize how many deployments (or lead times, or recoveries) the value rests on
 * @param band where the value falls, {@link DoraBand#NONE} for too little data, {@link
 *     DoraBand#NOT_RATED} when the report has no bands for it
 * @param explanation one sentence for people: the counts, the value and why this band
 */
public record DoraFigure(
    String name, double value, String unit, long sampleSize, DoraBand band, String explanation) {
  public DoraFigure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(explanation, "explanation");
    if (sampleSize < 0) {
      throw new IllegalArgumentException("sampleSize must not be negative: " + sampleSize);
    }
  }

  /** Whether the figure has a value (it is not NaN). */
  public boolean defined() {
    return !Double.isNaN(value);
  }
}
