package dev.spotter.canary;

import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.RequestHead;
import dev.spotter.proxy.RoutedOutcome;
import dev.spotter.proxy.Routing;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sticky routing policy of a canary run: each request's routing key is hashed with the run's
 * salt into one of 10,000 buckets, and the buckets below the canary's share go to the canary (route
 * 1), the rest to the baseline (route 0). Raising the share only adds buckets, so a user once on
 * the canary stays there until a rollback sends everyone back. A tester forces the canary with the
 * override header (until the run is over). What each request met is tallied into the current step's
 * window; forced requests are counted but never judged.
 */
public final class CanaryRouter implements Routing {
  private static final Set<String> YES = Set.of("1", "true", "yes", "on", "canary", "always");

  /** The tag of a forced request: hashed requests' tags are odd, an untagged request's is 0. */
  private static final long FORCED = 2;

  private final ForwardTarget canary;
  private final RoutingKey key;
  private final String salt;
  private final String overrideHeader;
  private final List<String> capturedHeaders;
  private final List<String> valueSources;
  private final List<String> externalSources;
  private final AaLog aaLog;
  private final LongAdder forced = new LongAdder();
  private final LongAdder rerouted = new LongAdder();
  private volatile int canaryBuckets;
  private volatile boolean overrideOpen = true;
  private volatile StepWindow window;

  /**
   * @param canary where route 1 goes (the baseline again in A/A mode)
   * @param overrideHeader the header that forces the canary, or null for none
   * @param valueSources the value metrics' header sources ({@code header:NAME}), whose header
   *     values are captured from every answer
   * @param externalSources the value metrics' other sources, whose values the controller adds
   */
  CanaryRouter(
      ForwardTarget canary,
      RoutingKey key,
      String salt,
      String overrideHeader,
      List<String> valueSources,
      List<String> externalSources,
      AaLog aaLog) {
    this.canary = canary;
    this.key = key;
    this.salt = salt;
    this.overrideHeader = overrideHeader;
    this.valueSources = List.copyOf(valueSources);
    this.externalSources = List.copyOf(externalSources);
    this.capturedHeaders =
        this.valueSources.stream().map(s -> s.substring(s.indexOf(':') + 1)).toList();
    this.aaLog = aaLog;
    this.window = newWindow();
  }

  @Override
  public List<ForwardTarget> alternates() {
    return List.of(canary);
  }

  @Override
  public List<String> capturedResponseHeaders() {
    return capturedHeaders;
  }

  @Override
  public int route(RequestHead head) {
    if (overrideHeader != null && overrideOpen) {
      String forcedValue = head.header(overrideHeader);
      if (forcedValue != null && YES.contains(forcedValue.trim().toLowerCase(Locale.ROOT))) {
        head.tag(FORCED);
        return 1;
      }
    }
    long hash = Buckets.hash(salt, key.of(head));
    head.tag(hash | 1L);
    return Buckets.bucket(hash) < canaryBuckets ? 1 : 0;
  }

  @Override
  public void ended(RoutedOutcome outcome) {
    if (outcome.rerouted()) {
      // a canary request the canary could not take, served by the baseline: its failure was
      // counted on the canary; its answer is no sample of the baseline (it waited for a connect)
      rerouted.increment();
      return;
    }
    if (outcome.tag() == FORCED) {
      forced.increment();
      return;
    }
    if (outcome.tag() == 0) {
      return; // the policy failed on this request (counted by the proxy); it went to the baseline
    }
    window.arm(outcome.route()).record(outcome);
    if (aaLog != null
        && outcome.ending() != RoutedOutcome.Ending.CLIENT_GONE
        && outcome.ending() != RoutedOutcome.Ending.PROXY_ERROR) {
      boolean answered = outcome.ending() == RoutedOutcome.Ending.ANSWERED;
      aaLog.add(
          outcome.tag(),
          answered ? outcome.latencyNanos() / 1e6 : Double.NaN,
          !answered || outcome.status() >= 500);
    }
  }

  /** Puts {@code buckets} of the 10,000 on the canary from now on. */
  void share(int buckets) {
    canaryBuckets = Math.max(0, Math.min(Buckets.COUNT, buckets));
  }

  int share() {
    return canaryBuckets;
  }

  /** Stops honouring the override header: after a rollback nobody should meet the canary. */
  void closeOverride() {
    overrideOpen = false;
  }

  /** Starts tallying into a fresh window and returns it. */
  StepWindow startWindow() {
    StepWindow w = newWindow();
    window = w;
    return w;
  }

  private StepWindow newWindow() {
    return new StepWindow(valueSources, externalSources);
  }

  /** Canary requests served by the baseline because the canary could not be connected to. */
  public long reroutedRequests() {
    return rerouted.sum();
  }

  /** Requests forced onto the canary by the override header so far. */
  public long forcedRequests() {
    return forced.sum();
  }
}
