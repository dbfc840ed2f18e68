package dev.spotter.report;

import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.HttpRequestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A curl command that sends an example's request to the candidate, quoted for a POSIX shell: every
 * argument is single-quoted, so nothing in a recorded URL, header or body is ever interpreted by
 * the shell. A body that is not text is piped in from {@code printf} with octal escapes. A Host in
 * the request is the one the targets were sent ({@code --host recorded} or a value), so it is kept;
 * without one, curl names the candidate's own, as the replay did.
 */
final class CurlCommand {
  /** Headers curl sets itself, or that describe the connection rather than the request. */
  private static final Set<String> LEFT_TO_CURL =
      Set.of(
          "content-length",
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "accept-encoding");

  private CurlCommand() {}

  /** The command, on several lines joined by backslash-newline. */
  static String of(HttpRequestData request, String candidateBaseUrl) {
    List<String> notes = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    String method = request.method();
    Body body = request.body();
    byte[] bytes = BodyBytes.of(body);
    String printf = null;
    parts.add("curl -sS -i --globoff");
    if (request.path().contains("/.")) {
      parts.add("--path-as-is");
    }
    if (method.equals("HEAD")) {
      parts.add("--head");
    } else if (!method.equals("GET") || bytes.length > 0) {
      parts.add("-X " + quote(method));
    }
    parts.add(quote(url(candidateBaseUrl, request.pathAndQuery())));
    boolean hadEncoding = false;
    for (Header h : request.headers().entries()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (name.equals("accept-encoding")) {
        hadEncoding = true;
      }
      if (LEFT_TO_CURL.contains(name)) {
        continue;
      }
      // CR and LF cannot be part of a header value on the wire; curl would split the header.
      String value = h.value().replace('\r', ' ').replace('\n', ' ');
      parts.add("-H " + quote(h.name().replace('\r', ' ').replace('\n', ' ') + ": " + value));
    }
    if (hadEncoding) {
      parts.add("--compressed");
    }
    if (bytes.length > 0) {
      String text = BodyBytes.strictUtf8(bytes, bytes.length);
      if (text != null && text.indexOf('\0') < 0) {
        parts.add("--data-binary " + quote(text));
      } else {
        printf = "printf " + quote(octal(bytes)) + " |";
        parts.add("--data-binary @-");
      }
    }
    if (body != null && body.truncated()) {
      notes.add(
          "# The request body was cut at capture: this sends its first "
              + Fmt.bytes(bytes.length)
              + " of "
              + Fmt.bytes(body.originalSize())
              + ".");
    }
    if (request.headers().entries().stream()
        .anyMatch(h -> h.value().toLowerCase(Locale.ROOT).contains("redacted"))) {
      notes.add("# Redacted header values must be filled in before sending.");
    }
    StringBuilder out = new StringBuilder();
    notes.forEach(n -> out.append(n).append('\n'));
    if (printf != null) {
      out.append(printf).append(" \\\n  ");
    }
    out.append(String.join(" \\\n  ", parts));
    return Escape.clean(out.toString());
  }

  /** The candidate's base URL joined with a path and query, without doubling the slash. */
  static String url(String base, String pathAndQuery) {
    String b = base == null ? "" : base;
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return b + pathAndQuery;
  }

  /** Single-quotes a shell word; a single quote inside is written as {@code '\''}. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Every byte as a {@code printf} octal escape, which POSIX printf supports in its format. */
  private static String octal(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 4);
    for (byte b : bytes) {
      int v = b & 0xff;
      out.append('\\')
          .append((char) ('0' + (v >> 6)))
          .append((char) ('0' + ((v >> 3) & 7)))
          .append((char) ('0' + (v & 7)));
    }
    return out.toString();
  }
}
