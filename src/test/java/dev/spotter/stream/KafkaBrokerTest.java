package dev.spotter.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The test broker itself: it starts, takes records and gives them back. */
class KafkaBrokerTest {
  @Test
  void startsQuicklyCarriesARecordAndDeletesItsDataOnClose() throws Exception {
    Path dataDir;
    long t0 = System.nanoTime();
    try (KafkaBroker broker = KafkaBroker.start()) {
      // a fresh broker serves within seconds: the suite starts several
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      broker.createTopic("t", 3);
      Map<String, Object> pc =
          Map.of(
              "bootstrap.servers", broker.bootstrapServers(),
              "key.serializer", StringSerializer.class.getName(),
              "value.serializer", StringSerializer.class.getName());
      try (KafkaProducer<String, String> p = new KafkaProducer<>(pc)) {
        p.send(new ProducerRecord<>("t", "k", "v")).get();
      }
      Map<String, Object> cc =
          Map.of(
              "bootstrap.servers", broker.bootstrapServers(),
              "group.id", "g",
              "auto.offset.reset", "earliest",
              "key.deserializer", StringDeserializer.class.getName(),
              "value.deserializer", StringDeserializer.class.getName());
      try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cc)) {
        c.subscribe(List.of("t"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int got = 0;
        while (got == 0 && System.nanoTime() < deadline) {
          ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(200));
          got += rs.count();
        }
        assertThat(got).isEqualTo(1);
      }
      assertThat(broker.address("t")).isEqualTo("kafka://" + broker.bootstrapServers() + "/t");
      dataDir = broker.dataDirectory();
      assertThat(dataDir).isDirectory();
    }
    assertThat(dataDir).doesNotExist();
  }
}
