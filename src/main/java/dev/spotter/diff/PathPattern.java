package dev.spotter.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern over folded JSON Pointers: {@code /body/items/*}{@code /price} matches that path and
 * any concrete index; a trailing {@code /**} matches the path and everything below it.
 */
public final class PathPattern {
  private final String text;
  private final String[] segments;
  private final boolean subtree;

  private PathPattern(String text, String[] segments, boolean subtree) {
    this.text = text;
    this.segments = segments;
    this.subtree = subtree;
  }

  /** Parses a pattern; it must be a JSON Pointer starting with /status, /headers or /body. */
  public static PathPattern parse(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException(
          "a path is a JSON Pointer starting with /, such as /body/createdAt: '" + text + "'");
    }
    List<String> parts = new ArrayList<>(List.of(text.substring(1).split("/", -1)));
    boolean subtree = false;
    if (!parts.isEmpty() && parts.get(parts.size() - 1).equals("**")) {
      subtree = true;
      parts.remove(parts.size() - 1);
    }
    if (parts.contains("**")) {
      throw new IllegalArgumentException("'**' may only end a path: '" + text + "'");
    }
    String root = parts.isEmpty() ? "" : parts.get(0);
    if (!root.equals("status") && !root.equals("headers") && !root.equals("body")) {
      throw new IllegalArgumentException(
          "a path starts with /status, /headers or /body: '" + text + "'");
    }
    return new PathPattern(text, parts.toArray(String[]::new), subtree);
  }

  /** Whether a folded path (as found in {@link Difference#path()}) matches. */
  public boolean matches(String foldedPath) {
    String[] target = foldedPath.substring(1).split("/", -1);
    if (target.length < segments.length || (!subtree && target.length != segments.length)) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      if (!segments[i].equals("*") && !segments[i].equals(target[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathPattern p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
