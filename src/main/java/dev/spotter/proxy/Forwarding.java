package dev.spotter.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one {@link ProxyServer} shares: its settings, the observer, the routing
 * policy and the pools of connections to each upstream, the budget for observed bodies, the
 * counters, and whether the server is draining.
 */
final class Forwarding {
  final ProxySettings settings;
  final ExchangeObserver observer;
  final Routing routing;
  private final ForwardTarget[] targets; // by route: the primary first, then the alternates
  private final LoopConnections[] upstreams; // by route
  private final List<String> capturedNames;
  final ByteBudget observedBytes;
  final ProxyMetrics metrics;
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean draining;

  Forwarding(
      ProxySettings settings,
      ExchangeObserver observer,
      Routing routing,
      EventLoops loops,
      ProxyMetrics metrics) {
    this.settings = settings;
    this.observer = observer;
    this.routing = routing;
    List<ForwardTarget> all = new ArrayList<>();
    all.add(settings.primary());
    all.addAll(routing.alternates());
    this.targets = all.toArray(ForwardTarget[]::new);
    this.upstreams = new LoopConnections[targets.length];
    for (int i = 0; i < targets.length; i++) {
      upstreams[i] = new LoopConnections(loops, settings, targets[i]);
    }
    this.capturedNames = List.copyOf(routing.capturedResponseHeaders());
    this.observedBytes = new ByteBudget(settings.observedBytesBudget());
    this.metrics = metrics;
  }

  ForwardTarget target(int route) {
    return targets[route];
  }

  LoopConnections upstream(int route) {
    return upstreams[route];
  }

  /** Asks the routing policy, which must never break forwarding: a failure means the primary. */
  int route(RequestHead head) {
    if (targets.length == 1) {
      return 0;
    }
    try {
      int route = routing.route(head);
      return route >= 0 && route < targets.length ? route : 0;
    } catch (RuntimeException e) {
      observerFailed(e);
      return 0;
    }
  }

  void ended(RoutedOutcome outcome) {
    if (targets.length == 1) {
      return;
    }
    try {
      routing.ended(outcome);
    } catch (RuntimeException e) {
      observerFailed(e);
    }
  }

  /** Whether some requests may go elsewhere than the primary. */
  boolean routed() {
    return targets.length > 1;
  }

  /** The values of the header fields the routing policy asked to see, in its order. */
  List<String> captured(io.netty.handler.codec.http.HttpHeaders headers) {
    if (capturedNames.isEmpty()) {
      return List.of();
    }
    List<String> values = new ArrayList<>(capturedNames.size());
    for (String name : capturedNames) {
      values.add(headers.get(name));
    }
    return values;
  }

  /** Stops the name resolution of every upstream. */
  void closeUpstreams() {
    for (LoopConnections u : upstreams) {
      u.close();
    }
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
