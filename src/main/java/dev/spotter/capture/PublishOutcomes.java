package dev.spotter.capture;

import dev.spotter.proxy.EventLog;

/**
 * Counts what a stream publisher acknowledged or gave up on, and warns (at most once a second) when
 * exchanges are lost: called from the publisher's own threads.
 */
final class PublishOutcomes implements ExchangePublisher.Outcomes {
  private final RecordMetrics metrics;
  private final String corpus;
  private final String stream;

  PublishOutcomes(RecordMetrics metrics, String corpus, ExchangePublisher publisher) {
    this.metrics = metrics;
    this.corpus = corpus;
    this.stream = publisher == null ? "none" : publisher.describe();
  }

  @Override
  public void published(int count) {
    metrics.published.add(count);
  }

  @Override
  public void failed(int count, String why) {
    metrics.publishFailed.add(count);
    EventLog.sampled(
        "record.publish_failed",
        "corpus",
        corpus,
        "stream",
        stream,
        "exchanges",
        count,
        "failed_so_far",
        metrics.publishFailed.sum(),
        "error",
        why);
  }
}
