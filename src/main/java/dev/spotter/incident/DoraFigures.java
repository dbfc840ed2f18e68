package dev.spotter.incident;

import static dev.spotter.incident.DoraText.count;
import static dev.spotter.incident.DoraText.duration;
import static dev.spotter.incident.DoraText.number;
import static dev.spotter.incident.DoraText.percent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The five figures of one window, computed from the deployments already known to lie in it. Plain
 * functions; {@link DoraMetrics} validates and selects, this class counts and grades.
 */
final class DoraFigures {
  static final String FREQUENCY = "deployment frequency";
  static final String LEAD_TIME = "change lead time";
  static final String LEAD_TIME_P90 = "change lead time p90";
  static final String FAIL_RATE = "change fail rate";
  static final String RECOVERY = "failed deployment recovery time";
  static final String REWORK = "deployment rework rate";
  static final String PER_WEEK = "deployments per week";
  static final String HOURS = "hours";
  static final String PERCENT = "%";

  /** A shorter window cannot tell weekly from monthly: no frequency band below it. */
  static final Duration MIN_FREQUENCY_WINDOW = Duration.ofDays(7);

  /** An empty window this long shows fewer than one deployment every six months. */
  static final Duration SIX_MONTHS = Duration.ofDays(180);

  /** The 2024 report's typical change fail rates, in %, lowest first (medium is below high). */
  private static final List<DoraBand> FAIL_BANDS =
      List.of(DoraBand.ELITE, DoraBand.MEDIUM, DoraBand.HIGH, DoraBand.LOW);

  private static final long[] FAIL_TYPICAL = {5, 10, 20, 40};

  private DoraFigures() {}

  static DoraReport report(List<Deployment> inWindow, Instant from, Instant to) {
    Duration window = Duration.between(from, to);
    String where = DoraText.window(window);
    List<DoraFigure> lead = leadTime(inWindow, where);
    return new DoraReport(
        from,
        to,
        frequency(inWindow.size(), window),
        lead.get(0),
        lead.get(1),
        failRate(inWindow, where),
        recovery(inWindow, where),
        rework(inWindow, where));
  }

  static DoraFigure frequency(int n, Duration window) {
    String where = DoraText.window(window);
    if (n == 0) {
      if (window.compareTo(SIX_MONTHS) >= 0) {
        return new DoraFigure(
            FREQUENCY,
            0,
            PER_WEEK,
            0,
            DoraBand.BELOW_LOW,
            "No deployment in " + where + ": fewer than once every six months: below low.");
      }
      return new DoraFigure(
          FREQUENCY,
          0,
          PER_WEEK,
          0,
          DoraBand.NONE,
          "No deployment in "
              + where
              + ": too little to place in a band (an empty window is rated only when it spans"
              + " 180 days or more).");
    }
    double perWeek = n * 7 * 86_400.0 / DoraText.seconds(window);
    String counted =
        count(n, "deployment")
            + " in "
            + where
            + ": "
            + number(perWeek)
            + " per week ("
            + number(perWeek / 7)
            + " a day, "
            + number(perWeek * 30 / 7)
            + " per 30 days)";
    if (window.compareTo(MIN_FREQUENCY_WINDOW) < 0) {
      return new DoraFigure(
          FREQUENCY,
          perWeek,
          PER_WEEK,
          n,
          DoraBand.NONE,
          counted + "; too short a window to rate, a band needs at least 7 days.");
    }
    Duration interval = window.dividedBy(n);
    return new DoraFigure(
        FREQUENCY,
        perWeek,
        PER_WEEK,
        n,
        DoraScale.DEPLOY_INTERVAL.classify(interval),
        counted
            + ", one every "
            + duration(interval)
            + " on average: "
            + DoraScale.DEPLOY_INTERVAL.verdict(interval)
            + ".");
  }

  /** The median and the p90 figures, in that order. */
  static List<DoraFigure> leadTime(List<Deployment> in, String where) {
    List<Duration> leads = new ArrayList<>();
    int missing = 0;
    int negative = 0;
    for (Deployment d : in) {
      if (d.commitTime() == null) {
        missing++;
      } else if (d.deployedAt().isBefore(d.commitTime())) {
        negative++;
      } else {
        leads.add(Duration.between(d.commitTime(), d.deployedAt()));
      }
    }
    String leftOut =
        leftOut(
            missing, "without a commit time", negative, "with a commit time after the deployment");
    if (leads.isEmpty()) {
      String why =
          in.isEmpty()
              ? "No deployment in " + where + ": no change lead time."
              : "None of the "
                  + count(in.size(), "deployment")
                  + " in "
                  + where
                  + " has a usable commit time"
                  + leftOut
                  + ": no change lead time.";
      return List.of(none(LEAD_TIME, HOURS, why), none(LEAD_TIME_P90, HOURS, why));
    }
    leads.sort(null);
    int k = leads.size();
    Duration median = median(leads);
    Duration p90 = leads.get((9 * k + 9) / 10 - 1);
    DoraFigure medianFigure =
        new DoraFigure(
            LEAD_TIME,
            DoraText.hours(median),
            HOURS,
            k,
            DoraScale.LEAD_TIME.classify(median),
            "Median change lead time "
                + duration(median)
                + " over "
                + count(k, "deployment")
                + " with a commit time in "
                + where
                + leftOut
                + ": "
                + DoraScale.LEAD_TIME.verdict(median)
                + ".");
    DoraFigure p90Figure =
        new DoraFigure(
            LEAD_TIME_P90,
            DoraText.hours(p90),
            HOURS,
            k,
            DoraBand.NOT_RATED,
            "At least 9 in 10 of the "
                + count(k, "deployment")
                + " with a commit time in "
                + where
                + " reached production within "
                + duration(p90)
                + " of the commit (90th percentile, nearest rank); not rated: the report's bands"
                + " are for the typical change, the median.");
    return List.of(medianFigure, p90Figure);
  }

  static DoraFigure failRate(List<Deployment> in, String where) {
    long n = in.size();
    if (n == 0) {
      return none(FAIL_RATE, PERCENT, "No deployment in " + where + ": no change fail rate.");
    }
    long failed = in.stream().filter(d -> d.result().failed()).count();
    int nearest = 0;
    for (int i = 1; i < FAIL_TYPICAL.length; i++) {
      // strictly nearer only: on a tie the band with the lower typical rate keeps it
      if (distance(failed, n, i) < distance(failed, n, nearest)) {
        nearest = i;
      }
    }
    return new DoraFigure(
        FAIL_RATE,
        100.0 * failed / n,
        PERCENT,
        n,
        FAIL_BANDS.get(nearest),
        failed
            + " of "
            + count(n, "deployment")
            + " in "
            + where
            + " needed intervention ("
            + percent(failed, n)
            + "): "
            + failPlacement(failed, n, nearest)
            + ".");
  }

  /** |rate − typical| scaled by 100·n, exact in integers. */
  private static long distance(long failed, long n, int band) {
    return Math.abs(100 * failed - FAIL_TYPICAL[band] * n);
  }

  private static String failPlacement(long failed, long n, int nearest) {
    String winner = FAIL_BANDS.get(nearest).label();
    long scaled = 100 * failed;
    int last = FAIL_TYPICAL.length - 1;
    if (scaled == FAIL_TYPICAL[nearest] * n) {
      return "at " + typical(nearest) + ", so " + winner;
    }
    if (scaled < FAIL_TYPICAL[0] * n) {
      return "below " + typical(0) + ", nearest " + winner;
    }
    if (scaled > FAIL_TYPICAL[last] * n) {
      return "above " + typical(last) + ", nearest " + winner;
    }
    int upper = 1;
    while (scaled > FAIL_TYPICAL[upper] * n) {
      upper++;
    }
    int lower = upper - 1;
    boolean tie = distance(failed, n, lower) == distance(failed, n, upper);
    return "between "
        + FAIL_BANDS.get(lower).label()
        + " (about "
        + FAIL_TYPICAL[lower]
        + " %) and "
        + FAIL_BANDS.get(upper).label()
        + " (about "
        + FAIL_TYPICAL[upper]
        + " %), nearest "
        + winner
        + (tie ? " (halfway: a tie goes to the band with the lower rate)" : "");
  }

  private static String typical(int band) {
    return FAIL_BANDS.get(band).label() + "'s typical rate (about " + FAIL_TYPICAL[band] + " %)";
  }

  static DoraFigure recovery(List<Deployment> in, String where) {
    List<Duration> recoveries = new ArrayList<>();
    int failed = 0;
    int missing = 0;
    int negative = 0;
    for (Deployment d : in) {
      if (!d.result().failed()) {
        continue;
      }
      failed++;
      if (d.recoveredAt() == null) {
        missing++;
      } else if (d.recoveredAt().isBefore(d.deployedAt())) {
        negative++;
      } else {
        recoveries.add(Duration.between(d.deployedAt(), d.recoveredAt()));
      }
    }
    String leftOut =
        leftOut(
            missing,
            "without a recovery time",
            negative,
            "with a recovery time before the deployment");
    if (in.isEmpty()) {
      return none(RECOVERY, HOURS, "No deployment in " + where + ": no recovery time.");
    }
    if (failed == 0) {
      return none(
          RECOVERY,
          HOURS,
          "None of the "
              + count(in.size(), "deployment")
              + " in "
              + where
              + " failed: no recovery to measure.");
    }
    if (recoveries.isEmpty()) {
      return none(
          RECOVERY,
          HOURS,
          "None of the "
              + count(failed, "failed deployment")
              + " in "
              + where
              + " has a usable recovery time"
              + leftOut
              + ": no recovery time.");
    }
    recoveries.sort(null);
    Duration median = median(recoveries);
    DoraBand band = DoraScale.RECOVERY.classify(median);
    return new DoraFigure(
        RECOVERY,
        DoraText.hours(median),
        HOURS,
        recoveries.size(),
        band,
        "Median recovery time "
            + duration(median)
            + " over "
            + count(recoveries.size(), "failed deployment")
            + " with a recovery time in "
            + where
            + leftOut
            + ": "
            + DoraScale.RECOVERY.verdict(median)
            + recoveryNote(band)
            + ".");
  }

  /** The 2024 report's recovery bands overlap (high, medium) and leave a gap (a day to a week). */
  private static String recoveryNote(DoraBand band) {
    return switch (band) {
      case HIGH ->
          "; the 2024 report gives high and medium the same \"less than one day\","
              + " Spotter says high";
      case MEDIUM ->
          "; the 2024 report leaves a day to a week between medium and low,"
              + " Spotter says medium";
      default -> "";
    };
  }

  static DoraFigure rework(List<Deployment> in, String where) {
    long n = in.size();
    if (n == 0) {
      return none(REWORK, PERCENT, "No deployment in " + where + ": no rework rate.");
    }
    long unplanned = in.stream().filter(Deployment::unplanned).count();
    return new DoraFigure(
        REWORK,
        100.0 * unplanned / n,
        PERCENT,
        n,
        DoraBand.NOT_RATED,
        unplanned
            + " of "
            + count(n, "deployment")
            + " in "
            + where
            + (unplanned == 1 ? " was" : " were")
            + " unplanned, made because of a production incident ("
            + percent(unplanned, n)
            + "); not rated: the 2024 report introduced this figure without publishing bands"
            + " for it.");
  }

  /** The middle of a sorted list; the mean of the two middle ones for an even count. */
  static Duration median(List<Duration> sorted) {
    int k = sorted.size();
    if (k % 2 == 1) {
      return sorted.get(k / 2);
    }
    return sorted.get(k / 2 - 1).plus(sorted.get(k / 2)).dividedBy(2);
  }

  private static DoraFigure none(String name, String unit, String why) {
    return new DoraFigure(name, Double.NaN, unit, 0, DoraBand.NONE, why);
  }

  /** " (left out: 3 without a commit time, 1 with ...)", or "" when nothing was left out. */
  private static String leftOut(int a, String aWhy, int b, String bWhy) {
    List<String> parts = new ArrayList<>();
    if (a > 0) {
      parts.add(a + " " + aWhy);
    }
    if (b > 0) {
      parts.add(b + " " + bWhy);
    }
    return parts.isEmpty() ? "" : " (left out: " + String.join(", ", parts) + ")";
  }
}
