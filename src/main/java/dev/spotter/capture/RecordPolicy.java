package dev.spotter.capture;

import dev.spotter.capture.RecordMetrics.SkipReason;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.HttpRequestData;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Decides from a request line alone whether an exchange is recorded: method, then included and
 * excluded endpoints on the path without its query, then the sample. Filters come first so the
 * sample rate is a share of the traffic the user asked for.
 */
final class RecordPolicy {
  private final Set<String> methods;
  private final List<EndpointPattern> include;
  private final List<EndpointPattern> exclude;
  private final double sampleRate;
  private final DoubleSupplier random;

  RecordPolicy(RecordSettings settings, DoubleSupplier random) {
    this.methods = settings.methods();
    this.include = settings.include();
    this.exclude = settings.exclude();
    this.sampleRate = settings.sampleRate();
    this.random = random;
  }

  /** Null to record the exchange, or why not. */
  SkipReason skip(String method, String uri) {
    String upper = method.toUpperCase(Locale.ROOT);
    if (!methods.isEmpty() && !methods.contains(upper)) {
      return SkipReason.FILTERED;
    }
    if (!include.isEmpty() || !exclude.isEmpty()) {
      String path = path(uri);
      if (!include.isEmpty() && !matchesAny(include, upper, path)) {
        return SkipReason.FILTERED;
      }
      if (matchesAny(exclude, upper, path)) {
        return SkipReason.FILTERED;
      }
    }
    // At rate 1 the random source is not asked at all.
    if (sampleRate < 1 && !(random.getAsDouble() < sampleRate)) {
      return SkipReason.SAMPLED_OUT;
    }
    return null;
  }

  private static boolean matchesAny(List<EndpointPattern> patterns, String method, String path) {
    for (EndpointPattern p : patterns) {
      if (p.matchesRequest(method, path)) {
        return true;
      }
    }
    return false;
  }

  private static String path(String uri) {
    String pathAndQuery = HttpRequestData.pathAndQuery(uri);
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
