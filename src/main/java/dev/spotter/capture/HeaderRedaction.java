package dev.spotter.capture;

/** Redacts one header value, keeping what is not secret and helps to read a capture. */
final class HeaderRedaction {
  private HeaderRedaction() {}

  static String redact(String lowerName, String value, String marker) {
    if (value.isBlank()) {
      return value;
    }
    return switch (lowerName) {
      case "authorization", "proxy-authorization" -> keepScheme(value, marker);
      case "cookie" -> keepCookieNames(value, marker);
      case "set-cookie" -> keepCookieAttributes(value, marker);
      default -> marker;
    };
  }

  /**
   * {@code Bearer abc} becomes {@code Bearer [REDACTED]}: the scheme says how a client signs in.
   */
  static String keepScheme(String value, String marker) {
    String trimmed = value.strip();
    int space = trimmed.indexOf(' ');
    if (space <= 0 || !isToken(trimmed.substring(0, space))) {
      return marker;
    }
    return trimmed.substring(0, space) + " " + marker;
  }

  /** {@code a=1; b=2} becomes {@code a=[REDACTED]; b=[REDACTED]}. */
  static String keepCookieNames(String value, String marker) {
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
      out.append(eq < 0 ? marker : p.substring(0, eq).strip() + "=" + marker);
    }
    return out.toString();
  }

  /** {@code sid=1; Path=/; HttpOnly} becomes {@code sid=[REDACTED]; Path=/; HttpOnly}. */
  static String keepCookieAttributes(String value, String marker) {
    int semicolon = value.indexOf(';');
    String pair = semicolon < 0 ? value : value.substring(0, semicolon);
    String attributes = semicolon < 0 ? "" : value.substring(semicolon);
    int eq = pair.indexOf('=');
    String redactedPair = eq < 0 ? marker : pair.substring(0, eq).strip() + "=" + marker;
    return redactedPair + attributes;
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
