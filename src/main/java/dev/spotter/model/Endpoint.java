package dev.spotter.model;

import java.util.Objects;

/**
 * What a group of requests has in common: the method and a path template such as {@code
 * /orders/{id}}. Written as {@code GET /orders/{id}} everywhere users see it.
 */
public record Endpoint(String method, String pathTemplate) implements Comparable<Endpoint> {
  public Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathTemplate, "pathTemplate");
  }

  /** Parses {@code "GET /orders/{id}"}. */
  public static Endpoint parse(String text) {
    String trimmed = text.trim();
    int space = trimmed.indexOf(' ');
    if (space <= 0 || space == trimmed.length() - 1) {
      throw new IllegalArgumentException(
          "an endpoint is written as METHOD /path, for example GET /orders/{id}: '" + text + "'");
    }
    return new Endpoint(
        trimmed.substring(0, space).toUpperCase(java.util.Locale.ROOT),
        trimmed.substring(space + 1).trim());
  }

  @Override
  public String toString() {
    return method + " " + pathTemplate;
  }

  @Override
  public int compareTo(Endpoint o) {
    return toString().compareTo(o.toString());
  }
}
