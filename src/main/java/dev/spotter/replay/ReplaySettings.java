package dev.spotter.replay;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.HopByHopHeaders;
import dev.spotter.proxy.UpstreamClientSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How a check replays: the three base URLs and the bounds of the replay. Validated here, once, so
 * the engine can trust every value; a bad value is a {@link SpotterException} with code {@code
 * replay.settings} naming the setting.
 *
 * @param primary base URL of the old build, such as {@code http://old:8080} or {@code
 *     https://old.internal/api}
 * @param secondary base URL of a second copy of the old build, or null to ask the primary twice
 * @param candidate base URL of the new build
 * @param concurrency exchanges in flight at most (each is two or three requests)
 * @param ratePerSecond exchanges started per second at most, evenly paced; 0 for no limit
 * @param timeout how long one request may take, waiting for a connection included
 * @param allowSideEffects whether methods other than GET, HEAD and OPTIONS are replayed
 * @param overrideHeaders headers set on every replayed request, replacing recorded ones of the same
 *     name (a test token where credentials were redacted, say); their values are sent, never stored
 *     or shown ({@link #SET_HEADER_VALUE} stands for them)
 * @param maxBodyBytes response body bytes kept per response, after decoding too
 * @param host which Host the targets are sent: each its own (the default), the recorded one, or a
 *     fixed value
 */
public record ReplaySettings(
    String primary,
    String secondary,
    String candidate,
    int concurrency,
    double ratePerSecond,
    Duration timeout,
    boolean allowSideEffects,
    Headers overrideHeaders,
    long maxBodyBytes,
    HostChoice host) {

  /**
   * What stands for the value of a header set with {@code --set-header} wherever it would be kept
   * or shown (the store, reports, the fleet's job settings): the value is sent, never written.
   */
  public static final String SET_HEADER_VALUE = "[set-header value]";

  public static final int DEFAULT_CONCURRENCY = 16;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  private static final int MAX_CONCURRENCY = 4096;
  private static final Set<String> NOT_OVERRIDABLE = Set.of("host", "content-length");

  public ReplaySettings {
    ReplayTarget.parse("primary", primary);
    if (secondary != null && secondary.isBlank()) {
      secondary = null;
    }
    if (secondary != null) {
      ReplayTarget.parse("secondary", secondary);
    }
    ReplayTarget.parse("candidate", candidate);
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw invalid("concurrency must lie in 1.." + MAX_CONCURRENCY + ", not " + concurrency);
    }
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw invalid(
          "the rate must be a number of requests per second, 0 for no limit, not " + ratePerSecond);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw invalid("the timeout must lie between 1 ms and 1 hour, not " + timeout);
    }
    overrideHeaders = overrideHeaders == null ? Headers.EMPTY : overrideHeaders;
    host = host == null ? HostChoice.TARGET : host;
    for (Header h : overrideHeaders.entries()) {
      checkOverride(h);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > UpstreamClientSettings.MAX_BODY_BYTES_LIMIT) {
      throw invalid(
          "the body cap must lie in 1.."
              + UpstreamClientSettings.MAX_BODY_BYTES_LIMIT
              + " bytes, not "
              + maxBodyBytes);
    }
  }

  /** Defaults for everything but the URLs: 16 in flight, no rate limit, 10 s, safe methods only. */
  public static ReplaySettings of(String primary, String secondary, String candidate) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        DEFAULT_CONCURRENCY,
        0,
        DEFAULT_TIMEOUT,
        false,
        Headers.EMPTY,
        DEFAULT_MAX_BODY_BYTES,
        HostChoice.TARGET);
  }

  public ReplaySettings withConcurrency(int n) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        n,
        ratePerSecond,
        timeout,
        allowSideEffects,
        overrideHeaders,
        maxBodyBytes,
        host);
  }

  public ReplaySettings withRatePerSecond(double rate) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        concurrency,
        rate,
        timeout,
        allowSideEffects,
        overrideHeaders,
        maxBodyBytes,
        host);
  }

  public ReplaySettings withTimeout(Duration d) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        concurrency,
        ratePerSecond,
        d,
        allowSideEffects,
        overrideHeaders,
        maxBodyBytes,
        host);
  }

  public ReplaySettings withAllowSideEffects(boolean allow) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        concurrency,
        ratePerSecond,
        timeout,
        allow,
        overrideHeaders,
        maxBodyBytes,
        host);
  }

  public ReplaySettings withOverrideHeaders(Headers headers) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        concurrency,
        ratePerSecond,
        timeout,
        allowSideEffects,
        headers,
        maxBodyBytes,
        host);
  }

  public ReplaySettings withMaxBodyBytes(long n) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        concurrency,
        ratePerSecond,
        timeout,
        allowSideEffects,
        overrideHeaders,
        n,
        host);
  }

  /** These settings sending the targets the Host {@code choice} says. */
  public ReplaySettings withHost(HostChoice choice) {
    return new ReplaySettings(
        primary,
        secondary,
        candidate,
        concurrency,
        ratePerSecond,
        timeout,
        allowSideEffects,
        overrideHeaders,
        maxBodyBytes,
        choice);
  }

  /** Whether a second copy of the old build was given; without one the primary is asked twice. */
  public boolean hasSecondary() {
    return secondary != null;
  }

  /**
   * Connections one target may need at once: every exchange in flight may send all its requests to
   * the same server when the URLs name one host and port.
   */
  public int connectionsPerTarget() {
    return concurrency * 3;
  }

  /** Settings for the {@link dev.spotter.proxy.UpstreamClient} a check with these settings uses. */
  public UpstreamClientSettings clientSettings() {
    return UpstreamClientSettings.defaults()
        .withMaxConnectionsPerTarget(connectionsPerTarget())
        .withMaxResponseBodyBytes(maxBodyBytes);
  }

  private static void checkOverride(Header h) {
    String lower = h.name().toLowerCase(Locale.ROOT);
    if (!RequestPreparer.isToken(h.name())) {
      throw invalid("the header name '" + h.name() + "' is not an HTTP token");
    }
    if (!RequestPreparer.isFieldValue(h.value())) {
      throw invalid("the value of header '" + h.name() + "' has characters HTTP does not allow");
    }
    if (NOT_OVERRIDABLE.contains(lower) || HopByHopHeaders.isAlwaysHopByHop(lower)) {
      throw invalid(
          "the header '"
              + h.name()
              + "' is set by the replay itself and cannot be overridden"
              + (lower.equals("host") ? "; choose it with --host target|recorded|VALUE" : ""));
    }
  }

  private static SpotterException invalid(String message) {
    return new SpotterException("replay.settings", message);
  }
}
