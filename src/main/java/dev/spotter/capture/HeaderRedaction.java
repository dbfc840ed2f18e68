package dev.spotter.capture;

import java.util.function.UnaryOperator;

/**
 * Redacts one header value named secret, keeping what is not secret and helps to read a capture:
 * the scheme of an {@code Authorization}, the names of cookies, the attributes of a {@code
 * Set-Cookie}. Each secret part is replaced by its own placeholder.
 */
final class HeaderRedaction {
  private HeaderRedaction() {}

  /**
   * @param hide the placeholder of one secret value
   */
  static String redact(String lowerName, String value, UnaryOperator<String> hide) {
    if (value.isBlank()) {
      return value;
    }
    return switch (lowerName) {
      case "cookie" -> keepCookieNames(value, hide);
      case "set-cookie" -> keepCookieAttributes(value, hide);
      default ->
          lowerName.contains("authorization") ? keepScheme(value, hide) : hide.apply(value.strip());
    };
  }

  /** {@code Bearer abc} becomes {@code Bearer [REDACTED:...]}: the scheme says how one signs in. */
  static String keepScheme(String value, UnaryOperator<String> hide) {
    String trimmed = value.strip();
    int space = trimmed.indexOf(' ');
    if (space <= 0 || !isToken(trimmed.substring(0, space))) {
      return hide.apply(trimmed);
    }
    return trimmed.substring(0, space) + " " + hide.apply(trimmed.substring(space + 1).strip());
  }

  /** {@code a=1; b=2} becomes {@code a=[REDACTED:...]; b=[REDACTED:...]}. */
  static String keepCookieNames(String value, UnaryOperator<String> hide) {
    StringBuilder out = new StringBuilder(value.length());
    for (String pair : value.split(";")) {
      String p = pair.strip();
      if (p.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append("; ");
      }
      int eq = p.indexOf('=');
      out.append(
          eq < 0 ? hide.apply(p) : p.substring(0, eq).strip() + "=" + hideValue(p, eq, hide));
    }
    return out.toString();
  }

  /** {@code sid=1; Path=/; HttpOnly} becomes {@code sid=[REDACTED:...]; Path=/; HttpOnly}. */
  static String keepCookieAttributes(String value, UnaryOperator<String> hide) {
    int semicolon = value.indexOf(';');
    String pair = semicolon < 0 ? value : value.substring(0, semicolon);
    String attributes = semicolon < 0 ? "" : value.substring(semicolon);
    int eq = pair.indexOf('=');
    String redactedPair =
        eq < 0
            ? hide.apply(pair.strip())
            : pair.substring(0, eq).strip() + "=" + hideValue(pair, eq, hide);
    return redactedPair + attributes;
  }

  /** An empty cookie value (a cookie being cleared) stays empty: it hides nothing. */
  private static String hideValue(String pair, int eq, UnaryOperator<String> hide) {
    String v = pair.substring(eq + 1).strip();
    return v.isEmpty() ? v : hide.apply(v);
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
