package dev.spotter.diff;

/**
 * Puts a string into a coarse shape (uuid, datetime, integer, ...). Two random ids have the same
 * shape; a timestamp that becomes a number does not. Written without regular expressions because it
 * runs for every changed string.
 */
final class ValueShapes {
  private ValueShapes() {}

  static String of(String s) {
    int n = s.length();
    if (n == 0) {
      return "empty";
    }
    if (isUuid(s)) {
      return "uuid";
    }
    if (n >= 10 && isDate(s)) {
      return n == 10 ? "date" : (s.charAt(10) == 'T' || s.charAt(10) == ' ' ? "datetime" : "text");
    }
    if (isNumber(s)) {
      return s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0
          ? "decimal"
          : "integer";
    }
    if (s.startsWith("http://") || s.startsWith("https://")) {
      return "url";
    }
    if (n >= 8 && isHex(s)) {
      return "hex";
    }
    int at = s.indexOf('@');
    if (at > 0 && s.indexOf('.', at) > at && s.indexOf(' ') < 0) {
      return "email";
    }
    if (s.equals("true") || s.equals("false")) {
      return "boolean";
    }
    return "text";
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDate(String s) {
    return digits(s, 0, 4)
        && s.charAt(4) == '-'
        && digits(s, 5, 7)
        && s.charAt(7) == '-'
        && digits(s, 8, 10);
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isNumber(String s) {
    int i = 0;
    int n = s.length();
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      i++;
    }
    boolean digit = false;
    boolean dot = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else if ((c == 'e' || c == 'E') && digit && i + 1 < n) {
        return isExponent(s, i + 1);
      } else {
        return false;
      }
    }
    return digit;
  }

  private static boolean isExponent(String s, int from) {
    int i = from;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      i++;
    }
    return i < s.length() && digits(s, i, s.length());
  }

  private static boolean isHex(String s) {
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return digit;
  }
}
