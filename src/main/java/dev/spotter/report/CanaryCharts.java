package dev.spotter.report;

import static dev.spotter.report.Escape.html;

import dev.spotter.canary.ArmSummary;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.LatencyDistribution;
import dev.spotter.canary.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canary report's pictures as inline SVG: the timeline of steps, both arms' latency
 * distributions on a log-scaled axis, and each arm's mix of answers. Colours are presentation
 * attributes rather than CSS, so a chart keeps its colours when copied out of the page; every text
 * in a chart is escaped.
 */
final class CanaryCharts {
  static final String BASELINE_COLOUR = "#2f6db5";
  static final String CANARY_COLOUR = "#d9480f";

  private static final String PASS = "#0b6e4f";
  private static final String FAIL = "#b42318";
  private static final String LOOK = "#e89a2c";
  private static final String GREY = "#8b93a3";
  private static final String TRACK = "#edf0f4";
  private static final String GRID = "#e2e5eb";
  private static final String INK = "#5d6678";

  // The latency charts' frame: plot area inside the margins, in SVG units.
  private static final int W = 520;
  private static final int H = 236;
  private static final int LEFT = 46;
  private static final int RIGHT = 14;
  private static final int TOP = 32;
  private static final int BOTTOM = 40;

  private CanaryCharts() {}

  // ---- timeline ----------------------------------------------------------------------------

  /**
   * A bar a step, its length the canary's share of traffic, its colour the step's outcome; steps
   * planned but not reached are outlined. Each reached step links to its section.
   */
  static String timeline(CanaryResult r) {
    List<StepRecord> steps = CanaryView.list(r.steps());
    List<Double> planned = CanaryView.list(r.plannedPercents());
    int rows = Math.max(steps.size(), planned.size());
    int rowH = 26;
    int track = 360;
    int x0 = 70;
    int height = rows * rowH + 6;
    StringBuilder svg = new StringBuilder(512 + rows * 400);
    svg.append("<svg class=\"timeline\" viewBox=\"0 0 820 ")
        .append(height)
        .append(
            "\" role=\"img\" aria-label=\"Steps of the run and the canary's share of traffic\">");
    for (int i = 0; i < rows; i++) {
      int y = 4 + i * rowH;
      boolean reached = i < steps.size();
      double percent = reached ? steps.get(i).canaryPercent() : planned.get(i);
      double width =
          track * Math.max(0, Math.min(100, Double.isFinite(percent) ? percent : 0)) / 100;
      if (reached) {
        svg.append("<a href=\"#step-").append(i + 1).append("\">");
      }
      svg.append(text(0, y + 15, "Step " + (i + 1), INK, "start"));
      svg.append(rect(x0, y + 3, track, 16, TRACK, null));
      if (reached) {
        StepRecord s = steps.get(i);
        svg.append(rect(x0, y + 3, width, 16, outcomeColour(s), null));
        String words =
            CanaryFormat.percent(percent)
                + " · "
                + CanaryView.outcomeWords(s.outcome())
                + " · "
                + Fmt.duration(CanaryView.stepDuration(s, r))
                + (s.extensions() > 0
                    ? " · " + Fmt.plural(s.extensions(), "extension", "extensions")
                    : "");
        svg.append(text(x0 + track + 10, y + 15, words, "#1c2230", "start"));
        svg.append("</a>");
      } else {
        svg.append(rect(x0, y + 3, width, 16, "none", GREY));
        svg.append(
            text(
                x0 + track + 10,
                y + 15,
                CanaryFormat.percent(percent) + " · planned",
                GREY,
                "start"));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static String outcomeColour(StepRecord s) {
    return switch (CanaryView.outcomeTone(s.outcome())) {
      case "pass" -> PASS;
      case "reg" -> FAIL;
      case "look" -> LOOK;
      default -> GREY;
    };
  }

  // ---- answer mix --------------------------------------------------------------------------

  /** One arm's answers as a stacked bar: 2xx, 3xx, 4xx, 5xx, then failed connections. */
  static String mix(ArmSummary a) {
    long failed = a.connectFailures() + a.timeouts() + a.broken();
    long[] parts = {a.status2xx(), a.status3xx(), a.status4xx(), a.status5xx(), failed};
    String[] colours = {PASS, "#2f4b8f", LOOK, FAIL, "#3d4352"};
    String[] names = {"2xx", "3xx", "4xx", "5xx", "no answer"};
    long total = 0;
    for (long p : parts) {
      total += Math.max(0, p);
    }
    StringBuilder svg = new StringBuilder(512);
    svg.append("<svg class=\"mix\" viewBox=\"0 0 160 12\" preserveAspectRatio=\"none\"")
        .append(" role=\"img\" aria-label=\"answers by status class\">");
    svg.append(rect(0, 0, 160, 12, TRACK, null));
    double x = 0;
    for (int i = 0; i < parts.length && total > 0; i++) {
      if (parts[i] <= 0) {
        continue;
      }
      double w = 160.0 * parts[i] / total;
      svg.append("<rect x=\"")
          .append(fmt(x))
          .append("\" y=\"0\" width=\"")
          .append(fmt(w))
          .append("\" height=\"12\" fill=\"")
          .append(colours[i])
          .append("\"><title>")
          .append(names[i])
          .append(": ")
          .append(Fmt.count(parts[i]))
          .append("</title></rect>");
      x += w;
    }
    return svg.append("</svg>").toString();
  }

  // ---- latency -----------------------------------------------------------------------------

  /**
   * Both arms' latencies: the share of requests per latency bucket, and the cumulative share, each
   * on one log-scaled axis shared by both arms, with the arms' p50 and p99 marked.
   */
  static String latency(LatencyDistribution baseline, LatencyDistribution canary) {
    List<Series> all = new ArrayList<>();
    all.add(new Series("baseline", BASELINE_COLOUR, null, CanaryView.orEmpty(baseline)));
    all.add(new Series("canary", CANARY_COLOUR, "6 3", CanaryView.orEmpty(canary)));
    List<Series> drawn = all.stream().filter(s -> !s.bins.isEmpty()).toList();
    if (drawn.isEmpty()) {
      return "<p class=\"muted small\">No latency was recorded on either arm.</p>";
    }
    double ratio = bucketRatio(all);
    drawn.forEach(s -> s.widen(ratio));
    Axis axis = Axis.over(drawn);
    StringBuilder out = new StringBuilder(8 * 1024);
    out.append("<div class=\"charts\"><figure><figcaption>Share of requests per latency bucket")
        .append("</figcaption>");
    histogram(out, all, drawn, axis);
    out.append("</figure><figure><figcaption>Share of requests at most this slow</figcaption>");
    cumulative(out, all, drawn, axis);
    out.append("</figure></div>");
    for (Series s : all) {
      if (s.bins.isEmpty()) {
        out.append("<p class=\"muted small\">No latency was recorded on the ")
            .append(s.name)
            .append(".</p>");
      }
    }
    return out.toString();
  }

  private static void histogram(
      StringBuilder out, List<Series> all, List<Series> drawn, Axis axis) {
    double peak = 0;
    for (Series s : drawn) {
      for (Bin b : s.bins) {
        peak = Math.max(peak, b.height);
      }
    }
    double top = niceCeil(Math.max(peak, 1e-9));
    frame(out, "histogram", all, axis);
    yGrid(out, new double[] {0, top / 2, top}, top);
    for (Series s : drawn) {
      StringBuilder d = new StringBuilder(s.bins.size() * 40);
      double prevUpper = Double.NaN;
      for (Bin b : s.bins) {
        double y = yOf(b.height, top);
        if (!(b.lower <= prevUpper)) {
          if (!Double.isNaN(prevUpper)) {
            d.append(" L").append(fmt(axis.x(prevUpper))).append(',').append(fmt(base()));
          }
          d.append(d.length() == 0 ? "M" : " L")
              .append(fmt(axis.x(b.lower)))
              .append(',')
              .append(fmt(base()));
        }
        d.append(" L").append(fmt(axis.x(b.lower))).append(',').append(fmt(y));
        d.append(" L").append(fmt(axis.x(b.upper))).append(',').append(fmt(y));
        prevUpper = b.upper;
      }
      d.append(" L").append(fmt(axis.x(prevUpper))).append(',').append(fmt(base())).append(" Z");
      String paint = "fill=\"" + s.colour + "\" fill-opacity=\"0.16\" stroke-width=\"1.6\"";
      series(out, "path", "d=\"" + d + "\"", paint, s);
    }
    markers(out, drawn, axis);
    out.append("</svg>");
  }

  private static void cumulative(
      StringBuilder out, List<Series> all, List<Series> drawn, Axis axis) {
    frame(out, "cdf", all, axis);
    yGrid(out, new double[] {0, 0.25, 0.5, 0.75, 1}, 1);
    for (Series s : drawn) {
      StringBuilder points = new StringBuilder(s.bins.size() * 24);
      points.append(fmt(axis.left())).append(',').append(fmt(base()));
      long seen = 0;
      points.append(' ').append(fmt(axis.x(s.bins.get(0).lower))).append(',').append(fmt(base()));
      for (Bin b : s.bins) {
        seen += b.count;
        points
            .append(' ')
            .append(fmt(axis.x(b.upper)))
            .append(',')
            .append(fmt(yOf((double) seen / s.total, 1)));
      }
      points.append(' ').append(fmt(axis.right())).append(',').append(fmt(yOf(1, 1)));
      series(out, "polyline", "points=\"" + points + "\"", "fill=\"none\" stroke-width=\"2\"", s);
    }
    markers(out, drawn, axis);
    out.append("</svg>");
  }

  /** One arm's line, in its colour and dash, named by its class and title. */
  private static void series(
      StringBuilder out, String element, String geometry, String paint, Series s) {
    out.append('<')
        .append(element)
        .append(" class=\"series ")
        .append(s.name)
        .append("\" ")
        .append(geometry)
        .append(' ')
        .append(paint)
        .append(" stroke=\"")
        .append(s.colour)
        .append('"')
        .append(dash(s))
        .append("><title>")
        .append(s.name)
        .append("</title></")
        .append(element)
        .append('>');
  }

  /** Opens a latency chart: the legend, the x axis with its labelled ticks, the axis title. */
  private static void frame(StringBuilder out, String kind, List<Series> all, Axis axis) {
    out.append("<svg class=\"latency ")
        .append(kind)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\" role=\"img\" aria-label=\"latency of baseline and canary, log scale\">");
    int x = LEFT;
    for (Series s : all) {
      out.append("<line x1=\"")
          .append(x)
          .append("\" y1=\"12\" x2=\"")
          .append(x + 18)
          .append("\" y2=\"12\" stroke=\"")
          .append(s.colour)
          .append("\" stroke-width=\"3\"")
          .append(dash(s))
          .append("></line>");
      out.append(
          text(
              x + 24,
              16,
              s.name + " (" + Fmt.plural(s.latency.count(), "latency", "latencies") + ")",
              INK,
              "start"));
      x += 200;
    }
    for (double t : axis.ticks()) {
      double tx = axis.x(t);
      out.append(line(tx, TOP, tx, base(), GRID, null));
      out.append(text(tx, base() + 14, CanaryFormat.millis(t), INK, "middle"));
    }
    out.append(line(axis.left(), base(), axis.right(), base(), INK, null));
    out.append(text((axis.left() + axis.right()) / 2, H - 4, "latency (log scale)", INK, "middle"));
  }

  private static void yGrid(StringBuilder out, double[] levels, double top) {
    for (double level : levels) {
      double y = yOf(level, top);
      if (level > 0) {
        out.append(line(LEFT, y, W - RIGHT, y, GRID, null));
      }
      out.append(text(LEFT - 6, y + 4, CanaryFormat.number(level * 100) + " %", INK, "end"));
    }
  }

  /** The p50 (solid) and p99 (dashed) of each arm, labelled above the plot in the arm's colour. */
  private static void markers(StringBuilder out, List<Series> drawn, Axis axis) {
    for (int row = 0; row < drawn.size(); row++) {
      Series s = drawn.get(row);
      marker(out, s, "p50", s.latency.p50Ms(), null, axis, row);
      marker(out, s, "p99", s.latency.p99Ms(), "2 3", axis, row);
    }
  }

  private static void marker(
      StringBuilder out, Series s, String name, double ms, String dash, Axis axis, int row) {
    if (!Double.isFinite(ms) || ms <= 0) {
      return;
    }
    double x = axis.x(ms);
    out.append("<g class=\"marker ").append(s.name).append("\"><title>");
    out.append(s.name).append(' ').append(name).append(' ').append(html(CanaryFormat.millis(ms)));
    out.append("</title>");
    out.append(line(x, TOP + 2, x, base(), s.colour, dash));
    out.append(text(x + 3, TOP + 10 + row * 11, name, s.colour, "start"));
    out.append("</g>");
  }

  private static double base() {
    return H - BOTTOM;
  }

  private static double yOf(double v, double top) {
    double plot = H - BOTTOM - TOP - 16; // room above the top line for the marker labels
    return base() - plot * Math.max(0, Math.min(1, v / top));
  }

  /**
   * The ratio between consecutive bucket bounds: the smallest one either arm shows. Buckets are
   * log-spaced, so this is the spacing even when empty buckets were left out of the list.
   */
  private static double bucketRatio(List<Series> all) {
    double ratio = Double.POSITIVE_INFINITY;
    for (Series s : all) {
      for (int i = 1; i < s.bins.size(); i++) {
        double r = s.bins.get(i).upper / s.bins.get(i - 1).upper;
        if (r > 1.0001) {
          ratio = Math.min(ratio, r);
        }
      }
    }
    return Double.isFinite(ratio) ? Math.min(ratio, 10) : 2;
  }

  /** The smallest of 1, 2, 5 times a power of ten at or above {@code v}. */
  static double niceCeil(double v) {
    return nice(v, true);
  }

  /** The largest of 1, 2, 5 times a power of ten at or below {@code v}. */
  static double niceFloor(double v) {
    return nice(v, false);
  }

  private static double nice(double v, boolean up) {
    double decade = Math.pow(10, Math.floor(Math.log10(v)));
    double[] steps = up ? new double[] {1, 2, 5, 10} : new double[] {5, 2, 1};
    for (double m : steps) {
      // A little slack, so that 100 computed as 99.99999999999999 still counts as 100.
      if (up ? m * decade >= v * (1 - 1e-9) : m * decade <= v * (1 + 1e-9)) {
        return m * decade;
      }
    }
    return up ? 10 * decade : decade;
  }

  private static String dash(Series s) {
    return s.dash == null ? "" : " stroke-dasharray=\"" + s.dash + "\"";
  }

  private static String rect(double x, double y, double w, double h, String fill, String stroke) {
    return "<rect x=\""
        + fmt(x)
        + "\" y=\""
        + fmt(y)
        + "\" width=\""
        + fmt(w)
        + "\" height=\""
        + fmt(h)
        + "\" rx=\"2\" fill=\""
        + fill
        + "\""
        + (stroke == null ? "" : " stroke=\"" + stroke + "\" stroke-dasharray=\"3 2\"")
        + "></rect>";
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, String dash) {
    return "<line x1=\""
        + fmt(x1)
        + "\" y1=\""
        + fmt(y1)
        + "\" x2=\""
        + fmt(x2)
        + "\" y2=\""
        + fmt(y2)
        + "\" stroke=\""
        + colour
        + "\""
        + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
        + "></line>";
  }

  private static String text(double x, double y, String words, String colour, String anchor) {
    return "<text x=\""
        + fmt(x)
        + "\" y=\""
        + fmt(y)
        + "\" fill=\""
        + colour
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + html(words)
        + "</text>";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** One bucket of an arm: latencies in (lower, upper], and its height in the histogram. */
  private static final class Bin {
    final double upper;
    final long count;
    double lower;
    double height;

    Bin(double upper, long count) {
      this.upper = upper;
      this.count = count;
    }
  }

  /** One arm's latencies as drawn. */
  private static final class Series {
    final String name;
    final String colour;
    final String dash;
    final LatencyDistribution latency;
    final List<Bin> bins = new ArrayList<>();
    final long total;

    Series(String name, String colour, String dash, LatencyDistribution latency) {
      this.name = name;
      this.colour = colour;
      this.dash = dash;
      this.latency = latency;
      long sum = 0;
      for (LatencyDistribution.Bucket b : CanaryView.list(latency.buckets())) {
        // A log axis has no place for 0 ms or a bound that is not a number.
        if (Double.isFinite(b.upperMs()) && b.upperMs() > 0 && b.count() > 0) {
          bins.add(new Bin(b.upperMs(), b.count()));
          sum += b.count();
        }
      }
      this.total = sum;
    }

    /**
     * Gives each bin its lower bound, one bucket spacing below its upper bound (or the bucket
     * before, when closer), and a height that is its share of the arm's latencies per bucket
     * spacing, so that two arms with different buckets or counts compare.
     */
    void widen(double ratio) {
      double prev = 0;
      for (Bin b : bins) {
        b.lower = Math.min(b.upper, Math.max(prev, b.upper / ratio));
        double spacings = Math.log(b.upper / b.lower) / Math.log(ratio);
        b.height = (double) b.count / total / Math.max(spacings, 0.25);
        prev = b.upper;
      }
    }
  }

  /**
   * A log-scaled latency axis from a 1-2-5 value below the fastest bucket to one above the slowest.
   */
  private record Axis(double lo, double hi) {
    static Axis over(List<Series> drawn) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = 0;
      for (Series s : drawn) {
        lo = Math.min(lo, s.bins.get(0).lower);
        hi = Math.max(hi, s.bins.get(s.bins.size() - 1).upper);
        lo = Math.min(lo, positiveOr(s.latency.p50Ms(), lo));
        hi = Math.max(hi, positiveOr(s.latency.p99Ms(), hi));
      }
      double from = niceFloor(lo);
      double to = niceCeil(hi);
      return new Axis(from, to > from * 1.5 ? to : niceCeil(from * 10));
    }

    private static double positiveOr(double v, double otherwise) {
      return Double.isFinite(v) && v > 0 ? v : otherwise;
    }

    double left() {
      return LEFT;
    }

    double right() {
      return W - RIGHT;
    }

    double x(double ms) {
      double clamped = Math.max(lo, Math.min(hi, ms));
      double share = Math.log(clamped / lo) / Math.log(hi / lo);
      return left() + share * (right() - left());
    }

    /** Powers of ten, with 2 and 5 between them when the axis spans few decades; at most 9. */
    List<Double> ticks() {
      double decades = Math.log10(hi / lo);
      double[] steps = decades <= 2.5 ? new double[] {1, 2, 5} : new double[] {1};
      List<Double> ticks = new ArrayList<>();
      for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
        for (double m : steps) {
          double t = m * Math.pow(10, k);
          if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) {
            ticks.add(t);
          }
        }
      }
      if (ticks.size() <= 9) {
        return ticks;
      }
      List<Double> thinned = new ArrayList<>();
      for (int i = 0; i < ticks.size(); i += 2) {
        thinned.add(ticks.get(i));
      }
      return thinned;
    }
  }
}
