package dev.spotter.replay;

import dev.spotter.model.HttpRequestData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Keeps the exchanges findings cite, for the report: passed through the sanitizer (redaction)
 * whole, then their bodies cut to a display cap, and no more than a fixed number in all so a long
 * run stays bounded.
 */
final class ExampleKeeper {
  /** Body bytes shown per request or response in a report. */
  static final int DISPLAY_CAP = 256 * 1024;

  /** Examples kept in all, across endpoints and findings. */
  static final int MAX_EXAMPLES = 1000;

  private final UnaryOperator<ExampleExchange> sanitizer;
  private final int max;
  private final Map<String, ExampleExchange> kept = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  ExampleKeeper(UnaryOperator<ExampleExchange> sanitizer, int max) {
    this.sanitizer = sanitizer;
    this.max = max;
  }

  void keep(ExampleExchange example) {
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      return;
    }
    // Sanitize the whole bodies, then cut: a JSON body cut first no longer parses, and redaction
    // could not find the secrets in it.
    ExampleExchange clean = sanitizer.apply(example);
    if (clean == null) {
      count.decrementAndGet();
      return;
    }
    kept.put(clean.id(), cut(clean));
  }

  private static ExampleExchange cut(ExampleExchange e) {
    return new ExampleExchange(
        e.id(),
        e.endpoint(),
        cut(e.request()),
        cut(e.primary()),
        cut(e.secondary()),
        cut(e.candidate()),
        e.candidateDifferences(),
        e.noiseDifferences());
  }

  Map<String, ExampleExchange> examples() {
    return Map.copyOf(kept);
  }

  private static HttpRequestData cut(HttpRequestData request) {
    return request.withBody(request.body().capped(DISPLAY_CAP));
  }

  private static TargetOutcome cut(TargetOutcome outcome) {
    if (outcome instanceof TargetOutcome.Answered a) {
      return new TargetOutcome.Answered(
          a.response().withBody(a.response().body().capped(DISPLAY_CAP)), a.latencyMicros());
    }
    return outcome;
  }
}
