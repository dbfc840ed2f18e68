package dev.spotter.web.view;

import java.util.List;

/**
 * A small line chart drawn as inline SVG by the server: coordinates are computed here, the template
 * only writes them out, so the page needs no script and no external library.
 *
 * @param segments polyline point lists; a bucket without a value breaks the line
 * @param dots one per bucket with a value, each with a tooltip ({@code <title>})
 */
public record Chart(
    int width,
    int height,
    int baseline,
    List<String> segments,
    List<Dot> dots,
    String topLabel,
    String firstLabel,
    String lastLabel,
    String description) {

  /** A bucket's value as a point. */
  public record Dot(String x, String y, String title) {}

  public boolean empty() {
    return dots.isEmpty();
  }
}
