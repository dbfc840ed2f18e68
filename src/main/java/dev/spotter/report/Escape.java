package dev.spotter.report;

/**
 * Escaping for every output format. Everything a report shows comes from recorded traffic, so any
 * string may hold markup, control characters, bidirectional overrides or lone surrogates; these
 * functions make each safe for the format it is written into and keep it readable.
 */
final class Escape {
  private static final char REPLACEMENT = '\uFFFD';

  private Escape() {}

  /** The string with lone surrogates replaced, so any encoder can write it; null becomes empty. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean lone = false;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          if (out != null) {
            out.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
        lone = true;
      } else if (Character.isLowSurrogate(c)) {
        lone = true;
      }
      if (lone && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(lone ? REPLACEMENT : c);
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * Characters that would be invisible or reorder text when shown: C0 and C1 controls (but tab,
   * newline and carriage return), DEL, and the bidirectional embedding, override and isolate marks.
   */
  static boolean isInvisibleControl(int c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff;
  }

  /** {@code \\u0001}: how an invisible character is shown in every human-readable format. */
  static String visible(int c) {
    return "\\u" + hex(c >> 8) + hex(c);
  }

  /** Two lower-case hex digits of the low byte. */
  static String hex(int b) {
    return new String(new char[] {HEX[(b >> 4) & 0xf], HEX[b & 0xf]});
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Text and attribute content for HTML: markup characters become references. */
  static String html(String s) {
    String in = clean(s);
    StringBuilder out = new StringBuilder(in.length() + 16);
    for (int i = 0; i < in.length(); i++) {
      char c = in.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (isInvisibleControl(c)) {
            out.append(visible(c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Text and attribute content for XML 1.0. Characters XML cannot carry at all (most C0 controls,
   * U+FFFE, U+FFFF) are shown as {@code \\u0001} rather than written, so parsers never reject the
   * file; tab and line breaks are written as character references so attributes keep them.
   */
  static String xml(String s) {
    String in = clean(s);
    StringBuilder out = new StringBuilder(in.length() + 16);
    for (int i = 0; i < in.length(); i++) {
      char c = in.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\t' -> out.append("&#9;");
        case '\n' -> out.append("&#10;");
        case '\r' -> out.append("&#13;");
        default -> {
          if (c < 0x20 || c == 0xfffe || c == 0xffff || (c >= 0x7f && c <= 0x9f)) {
            out.append(visible(c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * XML element text where line breaks should stay line breaks (failure details, system-out);
   * quotes need no escaping in element text.
   */
  static String xmlText(String s) {
    return xml(s)
        .replace("&#10;", "\n")
        .replace("&#9;", "\t")
        .replace("&quot;", "\"")
        .replace("&apos;", "'");
  }

  /**
   * Plain text for Markdown, on one line: characters Markdown (or GitHub's HTML) would interpret
   * are backslash-escaped, line breaks become spaces, and table pipes are escaped.
   */
  static String markdown(String s) {
    String in = clean(s);
    StringBuilder out = new StringBuilder(in.length() + 16);
    for (int i = 0; i < in.length(); i++) {
      char c = in.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if ("\\`*_[]<>|~&".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else if (isInvisibleControl(c)) {
        out.append(visible(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A Markdown code span for use inside a table cell: the fence is longer than any run of backticks
   * inside, and pipes are escaped (GitHub splits table cells before it parses code).
   */
  static String markdownCode(String s) {
    String in = clean(s).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    StringBuilder text = new StringBuilder(in.length());
    for (int i = 0; i < in.length(); i++) {
      char c = in.charAt(i);
      text.append(isInvisibleControl(c) ? visible(c) : String.valueOf(c));
    }
    String body = text.toString().replace("|", "\\|");
    int longest = 0;
    int run = 0;
    for (int i = 0; i < body.length(); i++) {
      run = body.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = body.startsWith("`") || body.endsWith("`") || body.isEmpty();
    return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
  }

  /** RFC 6901 escaping of one reference token: {@code ~} and {@code /}. */
  static String pointerToken(String key) {
    return clean(key).replace("~", "~0").replace("/", "~1");
  }
}
