package dev.spotter.diff;

/** Decides whether a path segment is an identifier that varies per request, not a route name. */
final class IdentifierSegments {
  /** Tokens this long with a digit in them are keys, hashes or encoded ids, not route names. */
  static final int LONG_TOKEN = 20;

  private IdentifierSegments() {}

  static boolean looksLikeId(String segment) {
    int n = segment.length();
    if (n == 0) {
      return false;
    }
    int digits = 0;
    int hex = 0;
    boolean tokenChars = true;
    for (int i = 0; i < n; i++) {
      char c = segment.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hex++;
      } else if (!(Character.isLetter(c)
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || c == '='
          || c == '%'
          || c == '@'
          || c == '+')) {
        tokenChars = false;
      }
    }
    if (digits == n) {
      return true; // 42
    }
    String shape = ValueShapes.of(segment);
    if (shape.equals("uuid") || shape.equals("email")) {
      return true;
    }
    if (n >= 8 && hex == n && digits > 0) {
      return true; // 5f2b9c1e, a commit sha
    }
    if (!tokenChars) {
      return false;
    }
    if (n >= LONG_TOKEN && digits > 0) {
      return true; // an opaque token such as a base64url id
    }
    // Codes with several digits: SKU-10042, ord_20931, 2024-05-01. Version segments (v1, v2)
    // and names with one or two digits (oauth2, s3) stay route names.
    return digits >= 3;
  }
}
