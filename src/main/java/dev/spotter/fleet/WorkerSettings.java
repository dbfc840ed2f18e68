package dev.spotter.fleet;

import java.time.Duration;

/**
 * How a worker of a distributed check reads its share.
 *
 * @param batchSize records read, replayed and stored together (one transaction, one commit)
 * @param sessionTimeout how long Kafka waits for a silent worker before giving its partitions to
 *     the others: the longest a killed worker delays the check
 * @param coordinatorSilence how long a worker whose partitions are done waits for repeat tasks
 *     while the check's coordinator says nothing (it died without closing the job) before it leaves
 *     the job; a living coordinator speaks every few seconds
 */
public record WorkerSettings(int batchSize, Duration sessionTimeout, Duration coordinatorSilence) {
  public static final Duration DEFAULT_COORDINATOR_SILENCE = Duration.ofMinutes(1);

  public static final WorkerSettings DEFAULT =
      new WorkerSettings(200, Duration.ofSeconds(10), DEFAULT_COORDINATOR_SILENCE);

  public WorkerSettings {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("the batch size must lie in 1..10000, not " + batchSize);
    }
    if (sessionTimeout.toMillis() < 6_000 || sessionTimeout.toMillis() > 300_000) {
      throw new IllegalArgumentException(
          "the session timeout must lie between 6s and 5m (the broker's limits), not "
              + sessionTimeout);
    }
    if (coordinatorSilence.isNegative() || coordinatorSilence.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "the coordinator's silence must lie between 0 and 1h, not " + coordinatorSilence);
    }
  }

  /** A worker that waits {@link #DEFAULT_COORDINATOR_SILENCE} for a silent coordinator. */
  public WorkerSettings(int batchSize, Duration sessionTimeout) {
    this(batchSize, sessionTimeout, DEFAULT_COORDINATOR_SILENCE);
  }

  /** The same, waiting {@code silence} for a silent coordinator. */
  public WorkerSettings withCoordinatorSilence(Duration silence) {
    return new WorkerSettings(batchSize, sessionTimeout, silence);
  }
}
