package dev.spotter.proxy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one {@link ProxyServer} shares: its settings, the observer, the pool of
 * connections to the primary, the budget for observed bodies, the counters, and whether the server
 * is draining.
 */
final class Forwarding {
  final ProxySettings settings;
  final ExchangeObserver observer;
  final PrimaryConnections primary;
  final ByteBudget observedBytes;
  final ProxyMetrics metrics;
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean draining;

  Forwarding(
      ProxySettings settings,
      ExchangeObserver observer,
      PrimaryConnections primary,
      ProxyMetrics metrics) {
    this.settings = settings;
    this.observer = observer;
    this.primary = primary;
    this.observedBytes = new ByteBudget(settings.observedBytesBudget());
    this.metrics = metrics;
  }

  long nextSequence() {
    return sequence.incrementAndGet();
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }

  /** Asks the observer, which must never break forwarding: what it throws is counted. */
  boolean observe(String method, String uri) {
    try {
      return observer.observe(method, uri);
    } catch (RuntimeException e) {
      observerFailed(e);
      return false;
    }
  }

  void completed(ObservedExchange exchange) {
    try {
      observer.completed(exchange);
    } catch (RuntimeException e) {
      observerFailed(e);
    }
  }

  private void observerFailed(RuntimeException e) {
    metrics.observerFailed();
    EventLog.sampled("proxy.observer_failed", "error", e.toString());
  }
}
