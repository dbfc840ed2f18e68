package dev.spotter.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher against a real broker: everything arrives, and a broker away costs little. */
class KafkaPublisherTest {
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  static Exchange exchange(String path) {
    return new Exchange(
        UUID.randomUUID().toString(),
        new HttpRequestData("GET", "http://shop.example" + path, Headers.EMPTY, Body.EMPTY),
        new HttpResponseData(200, Headers.of("Content-Type", "text/plain"), Body.of("ok " + path)),
        null,
        -1,
        "record:test");
  }

  private static List<Exchange> batch(String prefix, int n) {
    List<Exchange> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // three endpoints, each with many identifiers
      list.add(exchange("/" + prefix + (i % 3) + "/" + i));
    }
    return list;
  }

  @Test
  void everyExchangeArrivesOnceAndEachEndpointKeepsToOnePartition() {
    KafkaAddress address = KafkaAddress.parse(broker.address("published"));
    broker.createTopic("published", 3);
    List<Exchange> sent = batch("e", 300);
    Counted outcomes = new Counted();
    try (KafkaPublisher publisher = new KafkaPublisher(address, "shop", "src", "test")) {
      publisher.publish(sent.subList(0, 150), outcomes);
      publisher.publish(sent.subList(150, 300), outcomes);
    }
    assertThat(outcomes.published.get()).as(outcomes.reasons.toString()).isEqualTo(300);
    assertThat(outcomes.failed.get()).isZero();

    List<ConsumerRecord<String, byte[]>> got = Topics.readAll(address, 300, Duration.ofSeconds(30));
    assertThat(got).hasSize(300);
    Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
    Set<Exchange> received = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : got) {
      received.add(ExchangeRecords.fromRecord(r));
      partitionsByKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition());
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(partitionsByKey.keySet())
        .containsExactlyInAnyOrder("GET /e0/{id}", "GET /e1/{id}", "GET /e2/{id}");
    assertThat(partitionsByKey.values()).allMatch(p -> p.size() == 1);
  }

  @Test
  void aBrokerThatIsNotThereCostsABatchOneShortWaitAndEveryExchangeIsCounted() {
    KafkaAddress nowhere = KafkaAddress.parse("kafka://127.0.0.1:" + Ports.free() + "/t");
    Counted outcomes = new Counted();
    try (KafkaPublisher publisher = new KafkaPublisher(nowhere, "shop", "src", "test")) {
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        publisher.publish(batch("d", 500), outcomes);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms)
            .as("a batch of 500 took %d ms with max.block.ms %d", ms, KafkaClients.MAX_BLOCK_MS)
            .isLessThan(KafkaClients.MAX_BLOCK_MS + 1500);
      }
    }
    assertThat(outcomes.failed.get()).isEqualTo(1500);
    assertThat(outcomes.published.get()).isZero();
    assertThat(outcomes.reasons).anyMatch(r -> r.contains("took no record within"));
  }

  @Test
  void aHostNameThatDoesNotResolveFailsFastAndIsTriedAgainLater() {
    KafkaAddress unknown = KafkaAddress.parse("kafka://no-such-host.invalid:9092/t");
    Counted outcomes = new Counted();
    try (KafkaPublisher publisher = new KafkaPublisher(unknown, "shop", "src", "test")) {
      long start = System.nanoTime();
      publisher.publish(batch("u", 10), outcomes);
      publisher.publish(batch("u", 10), outcomes);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
    }
    assertThat(outcomes.failed.get()).isEqualTo(20);
    assertThat(outcomes.reasons.get(0)).contains("cannot make a Kafka producer");
    assertThat(outcomes.reasons.get(1)).contains("no Kafka producer yet");
  }

  @Test
  void whileTheBrokerIsAwayEachBatchCostsOneShortWaitAndPublishingResumesWhenItIsBack()
      throws Exception {
    KafkaAddress address = KafkaAddress.parse(broker.address("blip"));
    broker.createTopic("blip", 3);
    Counted outcomes = new Counted();
    List<Exchange> sent = new ArrayList<>();
    try (KafkaPublisher publisher = new KafkaPublisher(address, "shop", "src", "test")) {
      List<Exchange> before = batch("b", 50);
      publisher.publish(before, outcomes);
      sent.addAll(before);
      await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.published.get() == 50);

      broker.stop();
      for (int round = 0; round < 3; round++) {
        List<Exchange> during = batch("w" + round, 100);
        long start = System.nanoTime();
        publisher.publish(during, outcomes);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms)
            .as("a batch of 100 took %d ms", ms)
            .isLessThan(KafkaClients.MAX_BLOCK_MS + 1500);
        sent.addAll(during);
      }
      broker.restart();
      // a few batches may still fail while the producer finds the broker again
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int acknowledged = outcomes.published.get();
      for (int round = 0;
          outcomes.published.get() == acknowledged && System.nanoTime() < deadline;
          round++) {
        List<Exchange> after = batch("a" + round, 10);
        publisher.publish(after, outcomes);
        sent.addAll(after);
        Thread.sleep(200);
      }
    }
    assertThat(outcomes.total()).isEqualTo(sent.size());
    assertThat(outcomes.published.get()).isGreaterThan(50);
    List<ConsumerRecord<String, byte[]>> got =
        Topics.readAll(address, outcomes.published.get(), Duration.ofSeconds(30));
    List<Exchange> received = got.stream().map(ExchangeRecords::fromRecord).toList();
    // exactly what was acknowledged, each once: the idempotent producer wrote nothing twice
    assertThat(received).hasSize(outcomes.published.get()).doesNotHaveDuplicates();
    assertThat(sent).containsAll(received);
  }
}
