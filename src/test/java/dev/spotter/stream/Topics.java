package dev.spotter.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads what a topic holds, as a test wants to see it. */
final class Topics {
  private Topics() {}

  /** Every record of the topic, waiting until {@code expected} arrived or {@code within} passed. */
  static List<ConsumerRecord<String, byte[]>> readAll(
      KafkaAddress address, int expected, Duration within) {
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClients.consumer(address, "reader-" + UUID.randomUUID(), "test-reader"))) {
      consumer.subscribe(List.of(address.topic()));
      long deadline = System.nanoTime() + within.toNanos();
      while (all.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
      // a little longer: anything beyond what was expected would be a duplicate
      long settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(100)).forEach(all::add);
      }
    }
    return all;
  }
}
