package dev.spotter.replay;

import dev.spotter.model.HttpRequestData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Keeps the exchanges findings cite, for the report: bodies cut to a display cap, passed through
 * the sanitizer (redaction), and no more than a fixed number in all so a long run stays bounded.
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
    ExampleExchange cut =
        new ExampleExchange(
            example.id(),
            example.endpoint(),
            cut(example.request()),
            cut(example.primary()),
            cut(example.secondary()),
            cut(example.candidate()),
            example.candidateDifferences(),
            example.noiseDifferences());
    ExampleExchange clean = sanitizer.apply(cut);
    if (clean != null) {
      kept.put(clean.id(), clean);
    }
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
