package dev.spotter.web;

import dev.spotter.incident.DoraFigure;
import dev.spotter.incident.DoraReport;
import dev.spotter.web.view.Chart;
import dev.spotter.web.view.Show;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Lays out a figure's weekly values as a small line chart (coordinates only; no drawing). */
final class TrendCharts {
  static final int WIDTH = 260;
  static final int HEIGHT = 80;
  private static final int PAD_X = 6;
  private static final int TOP = 12;
  private static final int BOTTOM = 62;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);

  private TrendCharts() {}

  static Chart of(List<DoraReport> buckets, Function<DoraReport, DoraFigure> figure) {
    int n = buckets.size();
    double max = 0;
    for (DoraReport r : buckets) {
      double v = figure.apply(r).value();
      if (!Double.isNaN(v)) {
        max = Math.max(max, v);
      }
    }
    // a flat line of zeros still needs a scale; it then lies on the baseline
    double scale = max > 0 ? max : 1;
    List<String> segments = new ArrayList<>();
    List<Chart.Dot> dots = new ArrayList<>();
    StringBuilder segment = new StringBuilder();
    String unit = n == 0 ? "" : figure.apply(buckets.get(0)).unit();
    for (int i = 0; i < n; i++) {
      DoraReport r = buckets.get(i);
      DoraFigure f = figure.apply(r);
      if (!f.defined()) {
        flush(segment, segments);
        continue;
      }
      double x = n == 1 ? WIDTH / 2.0 : PAD_X + i * (WIDTH - 2.0 * PAD_X) / (n - 1);
      double y = BOTTOM - f.value() / scale * (BOTTOM - TOP);
      String xs = coordinate(x);
      String ys = coordinate(y);
      segment.append(segment.length() == 0 ? "" : " ").append(xs).append(',').append(ys);
      dots.add(
          new Chart.Dot(
              xs,
              ys,
              "week of "
                  + DAY.format(r.from())
                  + ": "
                  + Show.number(f.value())
                  + " "
                  + unit
                  + " ("
                  + f.band().label()
                  + ")"));
    }
    flush(segment, segments);
    return new Chart(
        WIDTH,
        HEIGHT,
        BOTTOM,
        segments,
        dots,
        "max " + Show.number(max) + " " + unit,
        n == 0 ? "" : DAY.format(buckets.get(0).from()),
        n == 0 ? "" : DAY.format(buckets.get(n - 1).from()),
        dots.size() + " of " + n + " weeks with a value");
  }

  private static void flush(StringBuilder segment, List<String> segments) {
    if (segment.length() > 0) {
      segments.add(segment.toString());
      segment.setLength(0);
    }
  }

  private static String coordinate(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
