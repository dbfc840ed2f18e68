package dev.spotter.replay;

import dev.spotter.model.Header;
import dev.spotter.model.HttpRequestData;
import java.util.Set;

/**
 * Which requests may be asked again: those that only read (GET, HEAD, OPTIONS) and those of
 * endpoints the configuration declares idempotent. Asking a write again would do it again.
 */
final class Repeatability {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /** Why nothing is asked again once a check has replayed a write. */
  static final String AFTER_WRITES =
      "writes were replayed (--allow-side-effects), so the state the reads were first asked in"
          + " cannot be had again";

  private Repeatability() {}

  /** Why this request may not be asked again, or null when it may. */
  static String whyNot(HttpRequestData request, RepeatSettings settings) {
    String method = request.method();
    if (SAFE_METHODS.contains(method) || settings.declaredIdempotent(method, request.path())) {
      return null;
    }
    return method
        + " is not asked again: it may write (declare its endpoint in replay.idempotent if it"
        + " does not)";
  }

  /** About how many bytes keeping a request to send again costs. */
  static long size(HttpRequestData request) {
    long size = 64L + request.pathAndQuery().length() * 2L + request.body().length();
    for (Header h : request.headers().entries()) {
      size += 32L + (h.name().length() + h.value().length()) * 2L;
    }
    return size;
  }
}
