package dev.spotter.fleet;

import dev.spotter.model.Headers;
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
 * @param setHeaders the values of the headers a check sets on every request ({@code --set-header}),
 *     which the stored job names but never holds
 */
public record WorkerSettings(
    int batchSize, Duration sessionTimeout, Duration coordinatorSilence, Headers setHeaders) {
  public static final Duration DEFAULT_COORDINATOR_SILENCE = Duration.ofMinutes(1);

  public static final WorkerSettings DEFAULT =
      new WorkerSettings(200, Duration.ofSeconds(10), DEFAULT_COORDINATOR_SILENCE, Headers.EMPTY);

  public WorkerSettings {
    setHeaders = setHeaders == null ? Headers.EMPTY : setHeaders;
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
    this(batchSize, sessionTimeout, DEFAULT_COORDINATOR_SILENCE, Headers.EMPTY);
  }

  /** The same, waiting {@code silence} for a silent coordinator. */
  public WorkerSettings withCoordinatorSilence(Duration silence) {
    return new WorkerSettings(batchSize, sessionTimeout, silence, setHeaders);
  }

  /** The same, with the values of the headers checks set on every request. */
  public WorkerSettings withSetHeaders(Headers headers) {
    return new WorkerSettings(batchSize, sessionTimeout, coordinatorSilence, headers);
  }
}
