package dev.spotter.replay;

import dev.spotter.proxy.UpstreamClient;
import dev.spotter.proxy.UpstreamRequest;
import dev.spotter.proxy.UpstreamTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The three targets of a replay and the client that reaches them: sends one prepared request to all
 * three at once. Shared by a whole check ({@link ReplayEngine}) and a worker's batches ({@link
 * BatchReplayer}).
 */
final class ReplayTargets {
  final ReplayTarget primary;
  final ReplayTarget secondary;
  final ReplayTarget candidate;
  private final ReplaySettings settings;
  private final UpstreamClient client;

  ReplayTargets(ReplaySettings settings, UpstreamClient client) {
    this.settings = settings;
    this.client = client;
    this.primary = ReplayTarget.parse("primary", settings.primary());
    this.secondary =
        settings.hasSecondary()
            ? ReplayTarget.parse("secondary", settings.secondary())
            : new ReplayTarget("secondary", primary.url(), primary.upstream(), primary.basePath());
    this.candidate = ReplayTarget.parse("candidate", settings.candidate());
    requireEnoughConnections();
  }

  /** The three answers to one request, sent at once. */
  record Answers(
      CompletableFuture<Sent> primary,
      CompletableFuture<Sent> secondary,
      CompletableFuture<Sent> candidate) {
    CompletableFuture<Void> all() {
      return CompletableFuture.allOf(primary, secondary, candidate);
    }
  }

  Answers send(Preparation.Ready ready) {
    return new Answers(send(primary, ready), send(secondary, ready), send(candidate, ready));
  }

  private CompletableFuture<Sent> send(ReplayTarget target, Preparation.Ready ready) {
    UpstreamRequest request = ready.requestFor(target);
    try {
      return client
          .send(target.upstream(), request, settings.timeout())
          .handle(Sent::of); // runs on the I/O thread: only wraps, never decodes
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Sent.of(null, e));
    }
  }

  /**
   * Requests wait for a free connection inside their timeout, so a pool smaller than the run needs
   * would turn into timeouts blamed on a target; refuse that wiring at once.
   */
  private void requireEnoughConnections() {
    Map<UpstreamTarget, Integer> roles = new HashMap<>();
    for (ReplayTarget t : List.of(primary, secondary, candidate)) {
      roles.merge(t.upstream(), 1, Integer::sum);
    }
    int busiest = roles.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    int needed = busiest * settings.concurrency();
    int allowed = client.settings().maxConnectionsPerTarget();
    if (allowed < needed) {
      throw new IllegalArgumentException(
          "the upstream client allows "
              + allowed
              + " connections per target but this check may need "
              + needed
              + "; build it from ReplaySettings.clientSettings()");
    }
  }
}
