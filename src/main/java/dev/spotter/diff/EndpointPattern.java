package dev.spotter.diff;

import dev.spotter.model.Endpoint;
import java.util.Locale;

/**
 * An endpoint written by a user: {@code GET /users/{name}/avatar}, {@code /files/**}, or {@code *
 * /health}. A {@code {name}} or {@code *} segment matches any one segment, a trailing {@code **}
 * any rest of the path. Without a method it matches every method.
 */
public final class EndpointPattern {
  private static final java.util.Set<String> KNOWN_METHODS =
      java.util.Set.of(
          "GET",
          "HEAD",
          "POST",
          "PUT",
          "DELETE",
          "PATCH",
          "OPTIONS",
          "TRACE",
          "CONNECT",
          "PROPFIND",
          "PROPPATCH",
          "MKCOL",
          "COPY",
          "MOVE",
          "LOCK",
          "UNLOCK",
          "REPORT",
          "SEARCH",
          "PURGE");

  private final String method; // null: any method
  private final String template;
  private final String[] segments;
  private final boolean rest;

  private EndpointPattern(String method, String template, String[] segments, boolean rest) {
    this.method = method;
    this.template = template;
    this.segments = segments;
    this.rest = rest;
  }

  public static EndpointPattern parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    String method = null;
    String path = trimmed;
    int space = trimmed.indexOf(' ');
    if (space > 0) {
      method = trimmed.substring(0, space).toUpperCase(Locale.ROOT);
      path = trimmed.substring(space + 1).trim();
      if (method.equals("*") || method.equals("ANY")) {
        method = null;
      } else if (!KNOWN_METHODS.contains(method)) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "': unknown method '"
                + method
                + "' (write GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS..., or * for any)");
      }
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "an endpoint pattern is [METHOD] /path, such as GET /users/{name}: '" + text + "'");
    }
    String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    boolean rest = parts.length > 0 && parts[parts.length - 1].equals("**");
    if (rest) {
      parts = java.util.Arrays.copyOf(parts, parts.length - 1);
    }
    for (String p : parts) {
      if (p.equals("**")) {
        throw new IllegalArgumentException("'**' may only end a pattern: '" + text + "'");
      }
      boolean braces = p.indexOf('{') >= 0 || p.indexOf('}') >= 0;
      if (braces && !p.matches("\\{[A-Za-z0-9_]+}")) {
        throw new IllegalArgumentException(
            "'" + text + "': a variable is a whole segment such as {id}, not '" + p + "'");
      }
      if (p.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("'" + text + "': a path has no spaces");
      }
    }
    return new EndpointPattern(method, path, parts, rest);
  }

  /** Whether a request with this method and concrete path (no query) falls under the pattern. */
  public boolean matchesRequest(String requestMethod, String path) {
    if (method != null && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    String[] target = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    return matchSegments(target);
  }

  /** Whether an already grouped endpoint falls under the pattern. */
  public boolean matches(Endpoint endpoint) {
    return matchesRequest(endpoint.method(), endpoint.pathTemplate());
  }

  private boolean matchSegments(String[] target) {
    if (target.length < segments.length || (!rest && target.length != segments.length)) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      if (!isWildcard(segments[i]) && !segments[i].equals(target[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWildcard(String segment) {
    return segment.equals("*") || (segment.startsWith("{") && segment.endsWith("}"));
  }

  /** The method this pattern names, or null when it matches any. */
  public String method() {
    return method;
  }

  /** The path template as written, such as {@code /users/{name}}. */
  public String template() {
    return template;
  }

  @Override
  public String toString() {
    return (method == null ? "" : method + " ") + template;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointPattern p && p.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
