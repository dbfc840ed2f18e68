package dev.spotter.stream;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Topics Spotter makes for itself: one per run, named after a prefix and the time, so that a run
 * never mixes its records with anyone else's.
 */
public final class KafkaTopics {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private KafkaTopics() {}

  /**
   * Creates a topic of its own for one run on {@code prefix}'s cluster, named {@code
   * PREFIX-yyyyMMdd-HHmmss} (UTC, now), once the cluster answers.
   *
   * @return the new topic
   * @throws SpotterException {@code stream.unreachable} when the cluster does not answer within
   *     {@code within}, {@code stream.topic} when the topic cannot be made
   */
  public static KafkaAddress createFresh(KafkaAddress prefix, int partitions, Duration within) {
    KafkaClients.requireReachable(prefix, within);
    KafkaAddress topic =
        new KafkaAddress(
            prefix.bootstrapServers(),
            prefix.topic() + "-" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP));
    create(topic, partitions);
    return topic;
  }

  /**
   * Creates {@code topic} with {@code partitions} partitions and the cluster's default replication
   * factor.
   *
   * @throws SpotterException {@code stream.topic} naming the topic and Kafka's reason
   */
  static void create(KafkaAddress topic, int partitions) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(
                      topic.topic(),
                      java.util.Optional.of(partitions),
                      java.util.Optional.empty())))
          .all()
          .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      awaitLeaders(admin, topic);
    } catch (ExecutionException | TimeoutException e) {
      throw new SpotterException(
          "stream.topic",
          "cannot create the topic "
              + topic
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpotterException("stream.interrupted", "interrupted creating the topic " + topic);
    }
  }

  /**
   * A topic is created before its partitions have leaders; a producer that writes at once meets
   * "not leader" answers and retries, which idempotent producers have been seen to turn into
   * out-of-order sequence errors. Wait until every partition has its leader.
   */
  private static void awaitLeaders(Admin admin, KafkaAddress topic)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      TopicDescription d =
          admin
              .describeTopics(List.of(topic.topic()))
              .allTopicNames()
              .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(topic.topic());
      if (d != null
          && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the partitions of " + topic + " got no leader in time");
      }
      Thread.sleep(100);
    }
  }

  /**
   * Publishes every exchange to {@code topic} and waits until Kafka acknowledged them all. Unlike a
   * proxy's publishing, which sheds rather than wait, this waits for room: nothing is dropped.
   *
   * @return how many were published
   * @throws SpotterException {@code stream.publish_failed} when any could not be published
   */
  public static long publishAll(
      KafkaAddress topic, Iterator<Exchange> exchanges, String corpus, String source) {
    Properties p = KafkaClients.producer(topic, "spotter-publish");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(60_000));
    // one request in flight per broker: order never depends on sequence numbers being replayed
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> why = new AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      while (exchanges.hasNext()) {
        producer.send(
            ExchangeRecords.toRecord(topic.topic(), exchanges.next(), corpus, source),
            (metadata, error) -> {
              if (error != null) {
                failed.incrementAndGet();
                why.compareAndSet(null, KafkaClients.describe(error));
              }
            });
        sent++;
      }
      producer.flush();
    } catch (RuntimeException e) {
      throw new SpotterException(
          "stream.publish_failed",
          "publishing to "
              + topic
              + " failed after "
              + sent
              + " records: "
              + KafkaClients.describe(e),
          true,
          e);
    }
    if (failed.get() > 0) {
      throw new SpotterException(
          "stream.publish_failed",
          failed.get()
              + " of "
              + sent
              + " records could not be published to "
              + topic
              + ": "
              + why.get(),
          true,
          null);
    }
    return sent;
  }
}
