package dev.spotter.stream;

import dev.spotter.capture.ExchangePublisher;
import dev.spotter.model.Exchange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Publishes what a recorder records to a Kafka topic with an idempotent producer ({@link
 * KafkaClients#producer}), one record per exchange ({@link ExchangeRecords}). Runs on the
 * recorder's writer thread, never on the proxy's: a send blocks that thread at most {@code
 * max.block.ms} (metadata unknown, buffer full), and once one send timed out the rest of its batch
 * is given up at once rather than each waiting in turn, so a Kafka that is down costs a batch at
 * most one such wait while the recorder's queue sheds the rest.
 *
 * <p>The producer is made lazily and made again after a failure to make it (a host name that does
 * not resolve yet), so that a proxy starts and serves while Kafka is away.
 */
public final class KafkaPublisher implements ExchangePublisher {
  /** How long {@link #close()} waits for records in flight before it gives them up. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** How long after a failure to make the producer the next attempt waits. */
  static final Duration RECREATE_AFTER = Duration.ofSeconds(5);

  private final KafkaAddress address;
  private final String corpus;
  private final String source;
  private final Function<KafkaAddress, Producer<String, byte[]>> factory;
  private Producer<String, byte[]> producer; // only the writer thread touches it until close
  private long nextAttemptNanos;

  /**
   * @param corpus the corpus named in each record's headers
   * @param source the proxy named in each record's headers, such as {@code record:10.0.0.5:8080}
   * @param clientId Kafka's client.id, which the broker's logs and quotas see
   */
  public KafkaPublisher(KafkaAddress address, String corpus, String source, String clientId) {
    this(address, corpus, source, a -> new KafkaProducer<>(KafkaClients.producer(a, clientId)));
  }

  KafkaPublisher(
      KafkaAddress address,
      String corpus,
      String source,
      Function<KafkaAddress, Producer<String, byte[]>> factory) {
    this.address = address;
    this.corpus = corpus;
    this.source = source;
    this.factory = factory;
  }

  @Override
  public void publish(List<Exchange> batch, Outcomes outcomes) {
    Producer<String, byte[]> p = producer(batch.size(), outcomes);
    if (p == null) {
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      ProducerRecord<String, byte[]> record;
      try {
        record = ExchangeRecords.toRecord(address.topic(), batch.get(i), corpus, source);
      } catch (RuntimeException e) {
        outcomes.failed(1, "could not be written as a record: " + KafkaClients.describe(e));
        continue;
      }
      Future<RecordMetadata> sent;
      try {
        sent =
            p.send(
                record,
                (metadata, error) -> {
                  if (error == null) {
                    outcomes.published(1);
                  } else {
                    outcomes.failed(1, KafkaClients.describe(error));
                  }
                });
      } catch (RuntimeException e) {
        // a closed or broken producer (a fatal idempotence error, say) throws instead of calling
        // back, and stays broken: drop it, and make a new one after the usual pause
        outcomes.failed(batch.size() - i, KafkaClients.describe(e));
        discardBroken(p);
        return;
      }
      if (timedOut(sent)) {
        // This send already waited max.block.ms for metadata or room and was reported failed; the
        // others would wait as long each. Give them up now: the queue sheds meanwhile.
        int rest = batch.size() - i - 1;
        if (rest > 0) {
          outcomes.failed(
              rest,
              "not sent: Kafka at "
                  + address.bootstrapServers()
                  + " took no record within "
                  + KafkaClients.MAX_BLOCK_MS
                  + " ms");
        }
        return;
      }
    }
  }

  /**
   * A send that failed before it returned (its callback already ran) for want of metadata or
   * buffer. A successful send's future is never done this early: its acknowledgement needs a round
   * trip after the linger.
   */
  private static boolean timedOut(Future<RecordMetadata> sent) {
    if (!sent.isDone()) {
      return false;
    }
    try {
      sent.get();
      return false;
    } catch (ExecutionException e) {
      return e.getCause() instanceof TimeoutException;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Producer<String, byte[]> producer(int batchSize, Outcomes outcomes) {
    if (producer != null) {
      return producer;
    }
    long now = System.nanoTime();
    if (now - nextAttemptNanos < 0) {
      outcomes.failed(batchSize, "no Kafka producer yet for " + address);
      return null;
    }
    try {
      producer = factory.apply(address);
      return producer;
    } catch (RuntimeException e) {
      nextAttemptNanos = now + RECREATE_AFTER.toNanos();
      outcomes.failed(
          batchSize,
          "cannot make a Kafka producer for " + address + ": " + KafkaClients.describe(e));
      return null;
    }
  }

  private void discardBroken(Producer<String, byte[]> broken) {
    producer = null;
    nextAttemptNanos = System.nanoTime() + RECREATE_AFTER.toNanos();
    try {
      broken.close(Duration.ZERO); // what it still holds is reported failed by its callbacks
    } catch (RuntimeException e) {
      // closing a broken producer may fail as well; it is gone either way
    }
  }

  @Override
  public String describe() {
    return address.toString();
  }

  /**
   * Waits up to {@link #CLOSE_TIMEOUT} for acknowledgements; records still unacknowledged then are
   * aborted, and their callbacks report them failed.
   */
  @Override
  public void close() {
    Producer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(CLOSE_TIMEOUT);
    }
  }
}
