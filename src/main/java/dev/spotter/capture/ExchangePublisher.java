package dev.spotter.capture;

import dev.spotter.model.Exchange;
import java.util.List;

/**
 * A traffic stream the recorder publishes what it records to (Kafka, in {@code
 * dev.spotter.stream}), after the same conversion and redaction as the store gets. Only the
 * recorder's writer thread calls it, never the proxy's I/O threads; a publisher may block that
 * thread briefly (bounded) but never waits for acknowledgements, which it reports to the {@link
 * Outcomes} it is given.
 *
 * <p>The recorder owns a publisher handed to it and closes it after the last batch.
 */
public interface ExchangePublisher extends AutoCloseable {

  /** Where published exchanges end up, told to each outcome; callable from any thread. */
  interface Outcomes {
    /** {@code count} exchanges were acknowledged by the stream. */
    void published(int count);

    /** {@code count} exchanges will never reach the stream, and why. */
    void failed(int count, String why);
  }

  /**
   * Hands a batch over. Each exchange's id is its capture id. Every exchange is reported to {@code
   * outcomes} exactly once, now or later (by {@link #close()} at the latest).
   */
  void publish(List<Exchange> batch, Outcomes outcomes);

  /** Where this publishes to, for logs and the start banner, such as {@code kafka://h:9092/t}. */
  String describe();

  /**
   * Waits a bounded time for what is in flight to be acknowledged, reports what was not as failed,
   * and releases the connection.
   */
  @Override
  void close();
}
