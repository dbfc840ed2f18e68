package dev.spotter.replay;

import dev.spotter.model.SpotterException;
import dev.spotter.proxy.Reachability;
import dev.spotter.proxy.UpstreamTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before a check sends anything, that every target can be reached: its host resolves and a
 * TCP connection to its port opens (no TLS handshake, no request). A typo in a URL or a build that
 * is not running then stops the check at once with one line naming each target that cannot be
 * reached and why, instead of after every request has failed.
 */
public final class TargetProbe {
  /** The longest a probe waits for one target, whatever the request timeout. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private TargetProbe() {}

  /**
   * Probes the primary, the secondary (when given) and the candidate, each distinct host and port
   * once and all at the same time, waiting for each at most the request timeout or {@link
   * #MAX_WAIT}, whichever is shorter.
   *
   * @throws SpotterException {@code check.unreachable}, naming every target that cannot be reached
   *     with its role, URL and a plain reason
   */
  public static void requireReachable(ReplaySettings settings) {
    Duration wait = settings.timeout().compareTo(MAX_WAIT) < 0 ? settings.timeout() : MAX_WAIT;
    List<ReplayTarget> targets = new ArrayList<>();
    targets.add(ReplayTarget.parse("primary", settings.primary()));
    if (settings.hasSecondary()) {
      targets.add(ReplayTarget.parse("secondary", settings.secondary()));
    }
    targets.add(ReplayTarget.parse("candidate", settings.candidate()));

    Map<UpstreamTarget, List<ReplayTarget>> byAddress = new LinkedHashMap<>();
    for (ReplayTarget t : targets) {
      byAddress.computeIfAbsent(t.upstream(), u -> new ArrayList<>()).add(t);
    }
    List<String> unreachable = new ArrayList<>();
    ExecutorService probes = Executors.newFixedThreadPool(byAddress.size(), TargetProbe::daemon);
    try {
      Map<UpstreamTarget, CompletableFuture<Optional<String>>> running = new LinkedHashMap<>();
      for (UpstreamTarget upstream : byAddress.keySet()) {
        running.put(
            upstream, CompletableFuture.supplyAsync(() -> problemWith(upstream, wait), probes));
      }
      for (Map.Entry<UpstreamTarget, CompletableFuture<Optional<String>>> e : running.entrySet()) {
        awaitProblem(e.getValue(), wait)
            .ifPresent(why -> unreachable.add(describe(byAddress.get(e.getKey()), why)));
      }
    } finally {
      probes.shutdownNow();
    }
    if (!unreachable.isEmpty()) {
      throw new SpotterException("check.unreachable", String.join("; ", unreachable));
    }
  }

  /** Why the target cannot be reached, or empty when a connection opened. */
  static Optional<String> problemWith(UpstreamTarget target, Duration wait) {
    return Reachability.problemWith(target, wait);
  }

  /**
   * The probe's answer; a look-up that hangs past the wait (the JDK's resolver has timeouts of its
   * own) counts as no answer.
   */
  private static Optional<String> awaitProblem(
      CompletableFuture<Optional<String>> probe, Duration wait) {
    try {
      // connecting has the whole wait after resolving; allow both, and a little for the thread
      return probe.get(2 * wait.toMillis() + 200, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + human(wait));
    } catch (ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpotterException(
          "replay.interrupted", "the check was interrupted while probing its targets");
    }
  }

  private static String describe(List<ReplayTarget> roles, String why) {
    StringBuilder sb = new StringBuilder("the ");
    for (int i = 0; i < roles.size(); i++) {
      if (i > 0) {
        sb.append(i == roles.size() - 1 ? " and " : ", ");
      }
      sb.append(roles.get(i).role());
    }
    return sb.append(" at ")
        .append(roles.get(0).url())
        .append(" cannot be reached: ")
        .append(why)
        .toString();
  }

  /** {@code 5 s}, {@code 1500 ms}. */
  static String human(Duration d) {
    return Reachability.human(d);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "spotter-probe");
    t.setDaemon(true);
    return t;
  }
}
