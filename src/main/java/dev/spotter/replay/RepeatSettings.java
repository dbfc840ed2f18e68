package dev.spotter.replay;

import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.SpotterException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How far a check may go asking requests again to decide what the recorded traffic left undecided.
 * Every bound is absolute, never a share of the corpus: a corpus that decides on its own costs
 * nothing more, and a large one no more than a small one.
 *
 * @param perRequest how many more times one request may be asked, beyond its first (0 turns asking
 *     again off)
 * @param maxExchanges how many more exchanges (each the same request sent to the three builds) the
 *     whole check may send
 * @param maxTime how long the check may spend asking again
 * @param idempotent endpoints whose requests may be asked again although their method is not GET,
 *     HEAD or OPTIONS (a POST that only searches), as declared in {@code replay.idempotent}
 */
public record RepeatSettings(
    int perRequest, long maxExchanges, Duration maxTime, List<EndpointPattern> idempotent) {

  public static final int DEFAULT_PER_REQUEST = 32;
  public static final long DEFAULT_MAX_EXCHANGES = 2_000;
  public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(2);

  private static final int MAX_PER_REQUEST = 1_000;

  public RepeatSettings {
    if (perRequest < 0 || perRequest > MAX_PER_REQUEST) {
      throw invalid(
          "repeats per request must lie in 0.." + MAX_PER_REQUEST + ", not " + perRequest);
    }
    if (maxExchanges < 0) {
      throw invalid("the repeat budget must not be negative: " + maxExchanges);
    }
    Objects.requireNonNull(maxTime, "maxTime");
    if (maxTime.isNegative() || maxTime.compareTo(Duration.ofHours(24)) > 0) {
      throw invalid("the time for repeats must lie between 0 and 24 hours, not " + maxTime);
    }
    idempotent = idempotent == null ? List.of() : List.copyOf(idempotent);
  }

  /** 32 repeats per request, 2,000 exchanges and 2 minutes per check, only safe methods. */
  public static RepeatSettings defaults() {
    return new RepeatSettings(
        DEFAULT_PER_REQUEST, DEFAULT_MAX_EXCHANGES, DEFAULT_MAX_TIME, List.of());
  }

  /** No asking again at all. */
  public static RepeatSettings off() {
    return new RepeatSettings(0, 0, Duration.ZERO, List.of());
  }

  public RepeatSettings withPerRequest(int n) {
    return new RepeatSettings(n, maxExchanges, maxTime, idempotent);
  }

  public RepeatSettings withMaxExchanges(long n) {
    return new RepeatSettings(perRequest, n, maxTime, idempotent);
  }

  public RepeatSettings withMaxTime(Duration d) {
    return new RepeatSettings(perRequest, maxExchanges, d, idempotent);
  }

  public RepeatSettings withIdempotent(List<EndpointPattern> patterns) {
    return new RepeatSettings(perRequest, maxExchanges, maxTime, patterns);
  }

  /** Whether this check asks again at all. */
  public boolean enabled() {
    return perRequest > 0 && maxExchanges > 0 && !maxTime.isZero();
  }

  /** Whether a request of this method and path is declared idempotent in the configuration. */
  public boolean declaredIdempotent(String method, String path) {
    for (EndpointPattern p : idempotent) {
      if (p.matchesRequest(method, path)) {
        return true;
      }
    }
    return false;
  }

  private static SpotterException invalid(String message) {
    return new SpotterException("replay.settings", message);
  }
}
