package dev.spotter.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of a {@link ProxyServer}, registered once so the request path only increments them.
 * Names follow Prometheus conventions once exported: {@code spotter_proxy_requests_total{outcome}},
 * {@code spotter_proxy_malformed_requests_total{reason}}, {@code
 * spotter_upstream_latency_seconds{target="primary"}} and the connection gauges.
 */
public final class ProxyMetrics {
  /** How a client's request ended. */
  public enum Outcome {
    /** The primary's answer was passed to the client whole. */
    ANSWERED,
    /** The primary could not be reached or broke off before answering: the client got 502. */
    BAD_GATEWAY,
    /** The primary stayed silent too long: the client got 504. */
    GATEWAY_TIMEOUT,
    /** The primary broke off in the middle of its answer: the client's connection was closed. */
    ABORTED,
    /** The client went away before its answer was complete. */
    CLIENT_CLOSED,
    /**
     * The proxy itself failed (a bug, a codec limit): the client got 500 when no answer had begun,
     * and its connection was closed.
     */
    PROXY_ERROR;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Why a request was refused by the proxy itself, never reaching the primary. */
  public enum Malformed {
    BAD_REQUEST,
    URI_TOO_LONG,
    HEADERS_TOO_LARGE,
    HEADER_TIMEOUT,
    BODY_TIMEOUT,
    /** Not malformed but stalled: the client stopped reading its answer. */
    SEND_TIMEOUT;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
  private final Map<Malformed, Counter> malformed = new EnumMap<>(Malformed.class);
  private final Timer primaryLatency;
  private final Counter rejectedConnections;
  private final Counter observerErrors;
  private final Counter connectionErrors;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();

  public ProxyMetrics(MeterRegistry registry) {
    for (Outcome o : Outcome.values()) {
      outcomes.put(
          o,
          Counter.builder("spotter.proxy.requests")
              .description("client requests by how they ended")
              .tag("outcome", o.tag())
              .register(registry));
    }
    for (Malformed m : Malformed.values()) {
      malformed.put(
          m,
          Counter.builder("spotter.proxy.malformed.requests")
              .description(
                  "requests the proxy refused or cut off itself (400, 408, 414, 431, stalled"
                      + " readers)")
              .tag("reason", m.tag())
              .register(registry));
    }
    primaryLatency = upstreamLatency(registry, "primary");
    rejectedConnections =
        Counter.builder("spotter.proxy.rejected.connections")
            .description("client connections closed at once because too many were open")
            .register(registry);
    observerErrors =
        Counter.builder("spotter.proxy.observer.errors")
            .description("exceptions thrown by the recorder or the mirror, ignored by the proxy")
            .register(registry);
    connectionErrors =
        Counter.builder("spotter.proxy.connection.errors")
            .description(
                "client connections closed because the proxy itself failed (not a client's reset)")
            .register(registry);
    Gauge.builder("spotter.proxy.connections", connections, AtomicLong::get)
        .description("client connections open")
        .register(registry);
    Gauge.builder("spotter.proxy.in.flight", inFlight, AtomicLong::get)
        .description("client requests being forwarded")
        .register(registry);
  }

  /**
   * The latency histogram of one target ({@code primary}, {@code secondary}, {@code candidate}),
   * shared by every live mode so that dashboards see one metric name.
   */
  public static Timer upstreamLatency(MeterRegistry registry, String target) {
    return Timer.builder("spotter.upstream.latency")
        .description("from sending a request to the last byte of the answer, per target")
        .tag("target", target)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  void ended(Outcome outcome) {
    outcomes.get(outcome).increment();
  }

  void primaryAnswered(long latencyNanos) {
    primaryLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  void malformed(Malformed reason) {
    malformed.get(reason).increment();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  void connectionRejected() {
    rejectedConnections.increment();
  }

  void observerFailed() {
    observerErrors.increment();
  }

  void connectionFailed() {
    connectionErrors.increment();
  }

  void exchangeStarted() {
    inFlight.incrementAndGet();
  }

  void exchangeEnded() {
    inFlight.decrementAndGet();
  }

  /** Requests that ended this way so far. */
  public long count(Outcome outcome) {
    return (long) outcomes.get(outcome).count();
  }

  /** Requests refused for this reason so far. */
  public long count(Malformed reason) {
    return (long) malformed.get(reason).count();
  }

  /** Client connections closed so far because the proxy itself failed. */
  public long connectionErrors() {
    return (long) connectionErrors.count();
  }

  /** Client requests being forwarded now. */
  public long inFlight() {
    return inFlight.get();
  }
}
