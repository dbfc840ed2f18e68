package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.stream.ExchangeRecords;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaClients;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotter ingest} against a real broker: what it stores, skips and says. */
class IngestCommandTest {
  private static KafkaBroker broker;

  @TempDir Path dir;

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
        new HttpResponseData(200, Headers.of("Content-Type", "text/plain"), Body.of("ok")),
        null,
        -1,
        "record:test");
  }

  /** Sends records as they are, waiting for each to be acknowledged. */
  private static void produce(String topic, List<ProducerRecord<String, byte[]>> records)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaClients.producer(KafkaAddress.parse(broker.address(topic)), "test"))) {
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static ProducerRecord<String, byte[]> valid(String topic, String path, String corpus) {
    return ExchangeRecords.toRecord(topic, exchange(path), corpus, "record:test@host");
  }

  private Cli.Result ingest(String topic, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ingest",
                "--from",
                broker.address(topic),
                "--store",
                dir.resolve("s.db").toString(),
                "--idle-exit",
                "1500ms"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private List<String> paths(String corpus) {
    List<String> paths = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"));
        ExchangeCursor cursor = store.read(corpus)) {
      cursor.forEachRemaining(e -> paths.add(e.request().path()));
    }
    return paths;
  }

  @Test
  void skipsAndCountsUnreadableRecordsAndStoresTheRestOnceEvenWhenReadAgain() throws Exception {
    broker.createTopic("mixed", 1);
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(valid("mixed", "/a/" + i, "shop"));
    }
    records.add(
        new ProducerRecord<>(
            "mixed", "junk", "not a spotter record".getBytes(StandardCharsets.UTF_8)));
    ProducerRecord<String, byte[]> newer = valid("mixed", "/future", "shop");
    newer
        .headers()
        .remove(ExchangeRecords.FORMAT)
        .add(ExchangeRecords.FORMAT, "9".getBytes(StandardCharsets.UTF_8));
    records.add(newer);
    for (int i = 5; i < 10; i++) {
      records.add(valid("mixed", "/a/" + i, "shop"));
    }
    produce("mixed", records);

    Cli.Result first = ingest("mixed");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("Spotter ingest", "(1 partitions)", "group      spotter-ingest")
        .contains("Ingested 10 exchanges from kafka://127.0.0.1:")
        .contains("0 duplicates skipped, 2 unreadable records skipped");
    assertThat(first.err())
        .contains("skipping unreadable record mixed-0@5: malformed JSON")
        .contains("skipping unreadable record mixed-0@6: record format 9 is newer");
    assertThat(paths("shop")).hasSize(10).doesNotHaveDuplicates().doesNotContain("/future");

    // the same group again: its offsets were committed, there is nothing new
    Cli.Result again = ingest("mixed");
    assertThat(again.out()).contains("Ingested 0 exchanges", "0 duplicates skipped");

    // another group reads it all again, and the store recognizes every capture id
    Cli.Result other = ingest("mixed", "--group", "another");
    assertThat(other.exitCode()).as(other.toString()).isZero();
    assertThat(other.out())
        .contains("Ingested 0 exchanges", "10 duplicates skipped", "2 unreadable");
    assertThat(paths("shop")).hasSize(10);
  }

  @Test
  void theCorpusIsTheOptionElseWhatTheRecordNamesElseTheDefault() throws Exception {
    broker.createTopic("corpora", 2);
    produce(
        "corpora",
        List.of(
            valid("corpora", "/x/1", "alpha"),
            valid("corpora", "/x/2", "beta"),
            valid("corpora", "/x/3", null)));

    Cli.Result named = ingest("corpora");
    assertThat(named.exitCode()).as(named.toString()).isZero();
    assertThat(paths("alpha")).containsExactly("/x/1");
    assertThat(paths("beta")).containsExactly("/x/2");
    assertThat(paths("default")).containsExactly("/x/3");

    Cli.Result forced = ingest("corpora", "--group", "forced", "--corpus", "everything");
    assertThat(forced.out()).contains("Ingested 3 exchanges");
    assertThat(paths("everything")).containsExactlyInAnyOrder("/x/1", "/x/2", "/x/3");
  }

  @Test
  void aKafkaThatCannotBeReachedIsAClearErrorAfterABoundedWait() {
    String nowhere = "kafka://127.0.0.1:" + Ports.free() + "/t";
    long start = System.nanoTime();
    Cli.Result r =
        Cli.run(
            "ingest",
            "--from",
            nowhere,
            "--store",
            dir.resolve("s.db").toString(),
            "--connect-timeout",
            "1s");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(r.err())
        .contains("spotter: Kafka at 127.0.0.1:")
        .contains("cannot be reached within 1s")
        .contains("may work if tried again");
    assertThat(ms).isLessThan(10_000);
  }

  @Test
  void badOptionsSayWhichAndWhy() {
    Cli.Result scheme = Cli.run("ingest", "--from", "http://h:9092/t");
    assertThat(scheme.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(scheme.err()).contains("--from: 'http://h:9092/t' has scheme 'http', not kafka");
    Cli.Result noTopic = Cli.run("ingest", "--from", "kafka://h:9092");
    assertThat(noTopic.err()).contains("--from: 'kafka://h:9092' names no topic");
    Cli.Result idle = Cli.run("ingest", "--from", "kafka://h:9092/t", "--idle-exit", "0s");
    assertThat(idle.err()).contains("--idle-exit: a duration must be positive");
    Cli.Result missing = Cli.run("ingest");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(missing.err()).contains("--from");
  }
}
