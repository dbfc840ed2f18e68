package dev.spotter.incident;

import java.time.Duration;
import java.util.List;

/**
 * A DORA scale for a duration: the upper edges of elite, high, medium and low, and how each band
 * reads. A band includes its lower edge and excludes its upper one, so a duration exactly on an
 * edge takes the slower band (the report's "elite: less than one day" puts one day in high).
 */
final class DoraScale {
  private static final List<DoraBand> ORDER =
      List.of(DoraBand.ELITE, DoraBand.HIGH, DoraBand.MEDIUM, DoraBand.LOW, DoraBand.BELOW_LOW);

  /** The average time between two deployments, for the deployment frequency. */
  static final DoraScale DEPLOY_INTERVAL =
      new DoraScale(
          List.of(days(1), days(7), days(30), days(180)),
          List.of(
              "on demand, several a day (more than one a day)",
              "daily to weekly (one every 1 to 7 days)",
              "weekly to monthly (one every 7 to 30 days)",
              "monthly to every six months (one every 30 to 180 days)",
              "fewer than once every six months (one every 180 days or more)"));

  /** Commit to production. */
  static final DoraScale LEAD_TIME =
      new DoraScale(
          List.of(days(1), days(7), days(30), days(180)),
          List.of(
              "under a day",
              "a day to a week",
              "a week to a month",
              "one to six months",
              "six months or more"));

  /** Failed deployment to recovery; 2024 gives high and medium both "under a day" (see notes). */
  static final DoraScale RECOVERY =
      new DoraScale(
          List.of(Duration.ofHours(1), days(1), days(7), days(30)),
          List.of(
              "under an hour",
              "an hour to a day",
              "a day to a week",
              "a week to a month",
              "a month or more"));

  private final List<Duration> upperEdges;
  private final List<String> ranges;

  private DoraScale(List<Duration> upperEdges, List<String> ranges) {
    this.upperEdges = upperEdges;
    this.ranges = ranges;
  }

  private static Duration days(long n) {
    return Duration.ofDays(n);
  }

  DoraBand classify(Duration d) {
    for (int i = 0; i < upperEdges.size(); i++) {
      if (d.compareTo(upperEdges.get(i)) < 0) {
        return ORDER.get(i);
      }
    }
    return DoraBand.BELOW_LOW;
  }

  /** Whether {@code d} lies exactly on an edge between two bands. */
  boolean onEdge(Duration d) {
    return upperEdges.contains(d);
  }

  /** How the band's range reads, for example "a day to a week". */
  String range(DoraBand band) {
    int i = ORDER.indexOf(band);
    if (i < 0) {
      throw new IllegalArgumentException(band + " is not on a DORA scale");
    }
    return ranges.get(i);
  }

  /** "range: band", with a note when the duration sits exactly on an edge. */
  String verdict(Duration d) {
    DoraBand band = classify(d);
    return range(band)
        + ": "
        + band.label()
        + (onEdge(d) ? " (exactly on an edge, which belongs to the slower band)" : "");
  }
}
