package dev.spotter.capture;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Redacts the values of named parameters in a URL's query or in a form-encoded body, leaving the
 * rest of the text byte for byte as it was.
 */
final class QueryRedaction {
  private QueryRedaction() {}

  /** The marker as it may stand in a URL: {@code [REDACTED]} becomes {@code %5BREDACTED%5D}. */
  static String encodedMarker(String marker) {
    return URLEncoder.encode(marker, StandardCharsets.UTF_8);
  }

  /** The URL with the values of the named query parameters replaced. */
  static String redactUrl(String url, Set<String> lowerNames, String encodedMarker) {
    if (lowerNames.isEmpty()) {
      return url;
    }
    int question = url.indexOf('?');
    if (question < 0) {
      return url;
    }
    int hash = url.indexOf('#', question);
    String query = hash < 0 ? url.substring(question + 1) : url.substring(question + 1, hash);
    String redacted = redactParameters(query, lowerNames, encodedMarker);
    if (redacted.equals(query)) {
      return url;
    }
    return url.substring(0, question + 1) + redacted + (hash < 0 ? "" : url.substring(hash));
  }

  /** {@code a=1&token=2} with {@code token} named becomes {@code a=1&token=%5BREDACTED%5D}. */
  static String redactParameters(String text, Set<String> lowerNames, String encodedMarker) {
    if (lowerNames.isEmpty() || text.isEmpty()) {
      return text;
    }
    String[] parts = text.split("&", -1);
    boolean changed = false;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = decode(part.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (lowerNames.contains(name) && !part.substring(eq + 1).equals(encodedMarker)) {
        parts[i] = part.substring(0, eq + 1) + encodedMarker;
        changed = true;
      }
    }
    return changed ? String.join("&", parts) : text;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s; // a stray % in captured traffic: compare the name as it stands
    }
  }
}
