package dev.spotter.stream;

import dev.spotter.model.SpotterException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The settings of every Kafka client Spotter makes, in one place, with the reasons for each
 * (docs/kafka.md), and the check that a cluster answers at all.
 */
public final class KafkaClients {
  /**
   * How long a send may block the thread that calls it, waiting for metadata or for room in the
   * buffer. Only the recorder's writer thread calls send, never the proxy; this bounds how long a
   * Kafka that is down can hold up one batch.
   */
  static final int MAX_BLOCK_MS = 500;

  /** The producer's memory for records not yet acknowledged; beyond it sends block, then fail. */
  static final long BUFFER_MEMORY = 32L * 1024 * 1024;

  /** From send to acknowledgement or failure, retries included: a record is given up after it. */
  static final int DELIVERY_TIMEOUT_MS = 30_000;

  static final int REQUEST_TIMEOUT_MS = 10_000;
  static final int LINGER_MS = 20;
  static final int BATCH_SIZE = 128 * 1024;

  /** Recorded bodies may be large; the topic's max.message.bytes is the real ceiling. */
  static final int MAX_REQUEST_SIZE = 16 * 1024 * 1024;

  /** Fewer reconnect attempts (and warnings) while a broker is away; found again within this. */
  static final int RECONNECT_BACKOFF_MAX_MS = 5_000;

  /** Records handed to one poll, and so to one store transaction at most. */
  public static final int MAX_POLL_RECORDS = 500;

  /** A killed consumer's partitions go to the others after this (Kafka's default is 45 s). */
  static final int SESSION_TIMEOUT_MS = 10_000;

  private KafkaClients() {}

  /**
   * An idempotent producer of String keys and byte[] values ({@code acks=all}, {@code
   * enable.idempotence=true}) whose sends block at most {@link #MAX_BLOCK_MS} and give a record up
   * after {@link #DELIVERY_TIMEOUT_MS}, so that a Kafka that is down costs bounded time and memory.
   */
  public static Properties producer(KafkaAddress address, String clientId) {
    Properties p = common(address, clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // a retried send is written once, and in order within its partition
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(BUFFER_MEMORY));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MS));
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_SIZE));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_SIZE));
    return p;
  }

  /**
   * A consumer of String keys and byte[] values in group {@code groupId} that commits only when
   * told ({@code enable.auto.commit=false}) and starts a new group at the earliest offset.
   */
  public static Properties consumer(KafkaAddress address, String groupId, String clientId) {
    Properties p = common(address, clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS / 5));
    return p;
  }

  private static Properties common(KafkaAddress address, String clientId) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers());
    if (clientId != null && !clientId.isBlank()) {
      p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    }
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
    return p;
  }

  /**
   * Checks that the cluster answers within {@code within}.
   *
   * @return the partitions of the address's topic, 0 when the topic does not exist (yet)
   * @throws SpotterException {@code stream.unreachable} (retryable), naming the bootstrap servers
   */
  public static int requireReachable(KafkaAddress address, Duration within) {
    long ms = Math.max(1, within.toMillis());
    Properties p = common(address, "spotter-probe");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, ms));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, ms));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS);
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      try {
        TopicDescription topic =
            admin
                .describeTopics(List.of(address.topic()))
                .allTopicNames()
                .get(left, TimeUnit.MILLISECONDS)
                .get(address.topic());
        return topic == null ? 0 : topic.partitions().size();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return 0;
        }
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(address, within, "interrupted");
    } catch (TimeoutException e) {
      throw unreachable(address, within, "no broker answered");
    } catch (ExecutionException e) {
      throw unreachable(
          address,
          within,
          e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
              ? "no broker answered"
              : describe(e.getCause()));
    } catch (KafkaException e) {
      // an unresolvable host name fails as the client is made
      throw unreachable(address, within, describe(e));
    }
  }

  private static SpotterException unreachable(KafkaAddress address, Duration within, String why) {
    return new SpotterException(
        "stream.unreachable",
        "Kafka at "
            + address.bootstrapServers()
            + " cannot be reached within "
            + human(within)
            + " ("
            + why
            + ")",
        true,
        null);
  }

  static String describe(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
