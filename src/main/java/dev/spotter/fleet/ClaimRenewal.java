package dev.spotter.fleet;

import dev.spotter.store.Store;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker's claims on its repeat tasks fresh, three times per claim timeout, from a thread
 * of its own: a task takes as long as its asks do (each up to the replay's timeout), however short
 * the claim timeout, and only a worker that died stops renewing.
 */
final class ClaimRenewal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimRenewal.class);

  private final Store store;
  private final String runId;
  private final String worker;
  private final Set<Long> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  ClaimRenewal(Store store, String runId, String worker, Duration claimTimeout) {
    this.store = store;
    this.runId = runId;
    this.worker = worker;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spotter-claims-" + worker);
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(100, claimTimeout.toMillis() / 3);
    timer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  void hold(Collection<Long> taskIds) {
    held.addAll(taskIds);
  }

  void release(Collection<Long> taskIds) {
    held.removeAll(taskIds);
  }

  private void renew() {
    List<Long> ids = List.copyOf(held);
    if (ids.isEmpty()) {
      return;
    }
    try {
      store.renewRepeatClaims(runId, worker, ids);
    } catch (RuntimeException e) {
      // the claims may lapse and another worker take the tasks: the first to finish is kept
      LOG.warn("worker {}: cannot renew its claims in run {}: {}", worker, runId, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
