package dev.spotter.fleet;

import java.time.Duration;

/**
 * How a worker of a distributed check reads its share.
 *
 * @param batchSize records read, replayed and stored together (one transaction, one commit)
 * @param sessionTimeout how long Kafka waits for a silent worker before giving its partitions to
 *     the others: the longest a killed worker delays the check
 */
public record WorkerSettings(int batchSize, Duration sessionTimeout) {
  public static final WorkerSettings DEFAULT = new WorkerSettings(200, Duration.ofSeconds(10));

  public WorkerSettings {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("the batch size must lie in 1..10000, not " + batchSize);
    }
    if (sessionTimeout.toMillis() < 6_000 || sessionTimeout.toMillis() > 300_000) {
      throw new IllegalArgumentException(
          "the session timeout must lie between 6s and 5m (the broker's limits), not "
              + sessionTimeout);
    }
  }
}
