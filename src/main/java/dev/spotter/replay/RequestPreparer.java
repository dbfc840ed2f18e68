package dev.spotter.replay;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.proxy.HopByHopHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a recorded request into one that can be sent again: connection-scoped and HTTP/2 pseudo
 * headers dropped, Content-Length recomputed from the body, configured headers laid over the
 * recorded ones, and Accept-Encoding kept as recorded so compressed answers are exercised. Refuses,
 * with a reason, what must not or cannot be sent.
 */
final class RequestPreparer {
  static final String SIDE_EFFECT = "side_effect_method";
  static final String BODY_TRUNCATED = "request_body_truncated";
  static final String UNSUPPORTED_METHOD = "unsupported_method";
  static final String INVALID_METHOD = "invalid_method";
  static final String INVALID_HEADER = "invalid_header";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

  /**
   * Recorded headers the replay sets itself or must not repeat: Host names the target; the body is
   * stored decoded, so its recorded length and encoding no longer describe it; Expect would only
   * add an interim answer.
   */
  private static final Set<String> REPLACED =
      Set.of("host", "content-length", "content-encoding", "expect");

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private final boolean allowSideEffects;
  private final Headers overrides;
  private final Set<String> overridden;
  private final HostChoice host;

  RequestPreparer(boolean allowSideEffects, Headers overrides) {
    this(allowSideEffects, overrides, HostChoice.TARGET);
  }

  RequestPreparer(boolean allowSideEffects, Headers overrides, HostChoice host) {
    this.allowSideEffects = allowSideEffects;
    this.overrides = overrides;
    this.overridden = overrides.lowerCaseNames();
    this.host = host;
  }

  RequestPreparer(ReplaySettings settings) {
    this(settings.allowSideEffects(), settings.overrideHeaders(), settings.host());
  }

  Preparation prepare(HttpRequestData request) {
    String method = request.method();
    if (!isToken(method)) {
      return new Preparation.Skip(
          INVALID_METHOD, "requests whose method is not an HTTP token cannot be sent");
    }
    if (method.equals("CONNECT")) {
      return new Preparation.Skip(
          UNSUPPORTED_METHOD, "CONNECT opens a tunnel and is never replayed");
    }
    if (!allowSideEffects && !SAFE_METHODS.contains(method)) {
      return new Preparation.Skip(
          SIDE_EFFECT, method + " is not replayed without --allow-side-effects");
    }
    if (request.body().truncated()) {
      return new Preparation.Skip(
          BODY_TRUNCATED,
          "the request body was cut or not captured, so it cannot be sent as it was");
    }
    Headers headers = headersToSend(request);
    for (Header h : headers.entries()) {
      if (!isToken(h.name()) || !isFieldValue(h.value())) {
        return new Preparation.Skip(
            INVALID_HEADER, "a recorded header has characters HTTP/1.1 does not allow");
      }
    }
    String pathAndQuery = requestLineSafe(request.pathAndQuery());
    String hostSent = hostFor(request);
    if (hostSent != null && !isFieldValue(hostSent)) {
      return new Preparation.Skip(
          INVALID_HEADER, "the recorded Host has characters HTTP/1.1 does not allow");
    }
    HttpRequestData shown =
        new HttpRequestData(
            method, pathAndQuery, withHost(withoutSetValues(headers), hostSent), request.body());
    return new Preparation.Ready(shown, pathAndQuery, headers, request.body().bytes(), hostSent);
  }

  /**
   * The Host every target is sent for {@code request}, or null when each gets its own: by default,
   * and with {@code recorded} when nothing was recorded (an HTTP/1.0 client, an import without it).
   */
  private String hostFor(HttpRequestData request) {
    return switch (host.mode()) {
      case TARGET -> null;
      case VALUE -> host.value();
      case RECORDED ->
          request
              .headers()
              .first("Host")
              .or(() -> request.headers().first(":authority"))
              .map(String::strip)
              .filter(h -> !h.isEmpty())
              .orElse(null);
    };
  }

  /** The headers with the Host shared by every target first, as reports show what was sent. */
  private static Headers withHost(Headers headers, String hostSent) {
    if (hostSent == null) {
      return headers;
    }
    List<Header> all = new ArrayList<>(headers.entries().size() + 1);
    all.add(new Header("Host", hostSent));
    all.addAll(headers.entries());
    return new Headers(all);
  }

  /**
   * The headers as reports, the store and the fleet's tasks see them: a {@code --set-header} value
   * (a test token, say) is sent but never kept, so it shows as {@link
   * ReplaySettings#SET_HEADER_VALUE}.
   */
  private Headers withoutSetValues(Headers headers) {
    if (overridden.isEmpty()) {
      return headers;
    }
    List<Header> shown = new ArrayList<>(headers.entries().size());
    for (Header h : headers.entries()) {
      shown.add(
          overridden.contains(h.name().toLowerCase(Locale.ROOT))
              ? new Header(h.name(), ReplaySettings.SET_HEADER_VALUE)
              : h);
    }
    return new Headers(shown);
  }

  private Headers headersToSend(HttpRequestData request) {
    Headers recorded = HopByHopHeaders.strip(request.headers());
    List<Header> kept = new ArrayList<>(recorded.entries().size() + overrides.entries().size() + 1);
    for (Header h : recorded.entries()) {
      String lower = h.name().toLowerCase(Locale.ROOT);
      // pseudo headers (":authority", ":path") exist only in HTTP/2 and 3 captures
      if (!lower.startsWith(":") && !REPLACED.contains(lower) && !overridden.contains(lower)) {
        kept.add(h);
      }
    }
    kept.addAll(overrides.entries());
    int length = request.body().length();
    if (length > 0 || METHODS_WITH_BODY.contains(request.method())) {
      kept.add(new Header("Content-Length", Integer.toString(length)));
    }
    return new Headers(kept);
  }

  /**
   * The recorded target with every byte a request line cannot carry (spaces, controls, non-ASCII)
   * percent-encoded as UTF-8, the way a browser would have sent it; existing escapes stay as they
   * are.
   */
  static String requestLineSafe(String pathAndQuery) {
    boolean clean = true;
    for (int i = 0; i < pathAndQuery.length() && clean; i++) {
      char c = pathAndQuery.charAt(i);
      clean = c > 0x20 && c < 0x7F;
    }
    if (clean) {
      return pathAndQuery;
    }
    StringBuilder sb = new StringBuilder(pathAndQuery.length() + 16);
    for (byte b : pathAndQuery.getBytes(StandardCharsets.UTF_8)) {
      int u = b & 0xFF;
      if (u > 0x20 && u < 0x7F) {
        sb.append((char) u);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(u & 0xF, 16)));
      }
    }
    return sb.toString();
  }

  /** RFC 9110 token: the characters a method or a header name may have. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_SYMBOLS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A field value HTTP/1.1 can carry: no control characters but tab, nothing past Latin-1. */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
        return false;
      }
    }
    return true;
  }
}
