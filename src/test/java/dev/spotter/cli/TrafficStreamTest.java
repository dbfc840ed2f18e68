package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.stream.ExchangeRecords;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaClients;
import dev.spotter.testsupport.ChildSpotter;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.ClientLoad;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.Placeholders;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic stream end to end on a real broker: proxies publish what they capture, ingest members
 * store it each exactly once, and a Kafka that goes away never reaches the clients.
 */
class TrafficStreamTest {
  private static KafkaBroker broker;
  private static TestHttpServer backend;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.start();
    backend = ClientLoad.backend();
  }

  @AfterAll
  static void stop() {
    backend.close();
    broker.close();
  }

  private ChildSpotter record(String name, int port, String topic, String... more)
      throws IOException {
    Path own = dir.resolve(name);
    own.toFile().mkdirs();
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--listen",
                "127.0.0.1:" + port,
                "--target",
                backend.baseUri().toString(),
                "--corpus",
                "shop",
                "--sink",
                broker.address(topic),
                "--flush-interval",
                "50ms"));
    args.addAll(Arrays.asList(more));
    return ChildSpotter.start(own, args.toArray(String[]::new));
  }

  private ChildSpotter ingest(String name, String topic, Path db) throws IOException {
    Path own = dir.resolve(name);
    own.toFile().mkdirs();
    return ChildSpotter.start(
        own, "ingest", "--from", broker.address(topic), "--store", db.toString(), "--group", "g");
  }

  private static long stored(Path db, String corpus) {
    if (!db.toFile().exists()) {
      return 0;
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      return store.corpus(corpus).map(c -> c.exchanges()).orElse(0L);
    } catch (RuntimeException busy) {
      return 0; // being created or migrated by a child right now
    }
  }

  private static List<String> storedPaths(Path db, String corpus) {
    List<String> paths = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(db);
        ExchangeCursor cursor = store.read(corpus)) {
      cursor.forEachRemaining(e -> paths.add(e.request().path()));
    }
    return paths;
  }

  @Test
  void twoProxiesUnderLoadAndIngestMembersThatDieAndJoinStoreEveryRequestExactlyOnce()
      throws Exception {
    broker.createTopic("traffic", 3);
    Path db = dir.resolve("fleet.db");
    int portA = Ports.free();
    int portB = Ports.free();
    ClientLoad load = new ClientLoad();
    try (ChildSpotter a = record("a", portA, "traffic", "--admin", "off");
        ChildSpotter b = record("b", portB, "traffic", "--admin", "off");
        ChildSpotter first = ingest("ingest1", "traffic", db)) {
      assertThat(Ports.awaitListening(portA, Duration.ofSeconds(30))).as(a.printed()).isTrue();
      assertThat(Ports.awaitListening(portB, Duration.ofSeconds(30))).as(b.printed()).isTrue();

      load.run(List.of(portA, portB), 4, 76, "one");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> stored(db, "shop") >= 50);
      first.kill(); // most likely between storing a batch and committing it

      try (ChildSpotter second = ingest("ingest2", "traffic", db);
          ChildSpotter third = ingest("ingest3", "traffic", db)) {
        load.run(List.of(portA, portB), 4, 76, "two");
        a.terminate();
        b.terminate();
        assertThat(a.waitFor(60)).as(a.printed()).isEqualTo(ExitCode.OK);
        assertThat(b.waitFor(60)).as(b.printed()).isEqualTo(ExitCode.OK);
        assertThat(a.out()).contains("Published 304 exchanges to kafka://", "0 lost to Kafka");
        assertThat(b.out()).contains("Published 304 exchanges to kafka://", "0 lost to Kafka");

        // the dead member's partitions move once its session times out
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> stored(db, "shop") >= 608);
        second.terminate();
        third.terminate();
        assertThat(second.waitFor(60)).as(second.printed()).isEqualTo(ExitCode.OK);
        assertThat(third.waitFor(60)).as(third.printed()).isEqualTo(ExitCode.OK);
        assertThat(second.out()).contains("Stopping (SIGTERM)", "Ingested ");
        assertThat(third.out()).contains("Stopping (SIGTERM)", "Ingested ");
      }
    }
    List<String> paths = storedPaths(db, "shop");
    assertThat(load.sent).hasSize(608);
    assertThat(paths).doesNotHaveDuplicates().hasSize(608);
    assertThat(new HashSet<>(paths)).isEqualTo(load.sent);
  }

  private static final Pattern METER =
      Pattern.compile(
          "^(spotter_record_[a-z_]+_total)(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);

  private static long meter(int adminPort, String name) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher m = METER.matcher(r.body());
      while (m.find()) {
        if (m.group(1).equals(name)) {
          return (long) Double.parseDouble(m.group(2));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static final Pattern PUBLISHED =
      Pattern.compile(
          "Published (\\d+) exchanges to \\S+ \\((\\d+) shed because Kafka fell behind, (\\d+)"
              + " not selected, (\\d+) lost to Kafka errors\\)");

  @Test
  void aKafkaThatGoesAwayNeverReachesTheClientsAndWhatIsLostIsCounted() throws Exception {
    try (KafkaBroker own = KafkaBroker.start()) {
      own.createTopic("away", 1);
      int port = Ports.free();
      int admin = Ports.free();
      Path out = dir.resolve("away");
      out.toFile().mkdirs();
      try (ChildSpotter record =
          ChildSpotter.start(
              out,
              "record",
              "--listen",
              "127.0.0.1:" + port,
              "--target",
              backend.baseUri().toString(),
              "--sink",
              own.address("away"),
              "--admin",
              "127.0.0.1:" + admin,
              "--flush-interval",
              "20ms")) {
        assertThat(Ports.awaitListening(port, Duration.ofSeconds(30)))
            .as(record.printed())
            .isTrue();
        ClientLoad before = new ClientLoad();
        before.run(List.of(port), 2, 50, "before");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> meter(admin, "spotter_record_published_total") == 100);

        own.stop();
        ClientLoad during = new ClientLoad();
        during.run(List.of(port), 4, 100, "during");
        long p99 = during.percentileMicros(0.99);
        long max = during.percentileMicros(1.0);
        // the proxy never waits for Kafka (a send may block 500 ms, but only the writer thread)
        assertThat(p99).as("p99 %d us, max %d us", p99, max).isLessThan(250_000);
        assertThat(max).as("max %d us", max).isLessThan(2_000_000);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    meter(admin, "spotter_record_publish_failed_total")
                            + meter(admin, "spotter_record_shed_total")
                        > 0);

        record.terminate();
        assertThat(record.waitFor(60)).as(record.printed()).isEqualTo(ExitCode.ERROR);
        Matcher m = PUBLISHED.matcher(record.out());
        assertThat(m.find()).as(record.printed()).isTrue();
        long published = Long.parseLong(m.group(1));
        long shed = Long.parseLong(m.group(2));
        long lost = Long.parseLong(m.group(4));
        assertThat(published).isGreaterThanOrEqualTo(100);
        assertThat(published + shed + lost).as(record.printed()).isEqualTo(500);
        assertThat(record.err()).contains("event=record.publish_failed", "could not be published");
      }
    }
  }

  @Test
  void aProxyStartsAndServesWhenKafkaWasNeverThere() throws Exception {
    int port = Ports.free();
    String nowhere = "kafka://127.0.0.1:" + Ports.free() + "/t";
    ClientLoad load = new ClientLoad();
    Cli.Result r =
        runForThreeSeconds(
            port,
            () -> load.run(List.of(port), 2, 10, "never"),
            "record",
            "--target",
            backend.baseUri().toString(),
            "--sink",
            nowhere);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.ERROR);
    assertThat(r.err())
        .contains("spotter: warning: Kafka at 127.0.0.1:")
        .contains("serving anyway")
        .contains("exchanges could not be published to " + nowhere);
    assertThat(r.out()).contains("Published 0 exchanges to " + nowhere);
    assertThat(load.sent).hasSize(20);
  }

  @Test
  void aShadowServesAndComparesWhenKafkaWasNeverThere() throws Exception {
    int port = Ports.free();
    String nowhere = "kafka://127.0.0.1:" + Ports.free() + "/t";
    ClientLoad load = new ClientLoad();
    Cli.Result r =
        runForThreeSeconds(
            port,
            () -> load.run(List.of(port), 2, 10, "never"),
            "shadow",
            "--primary",
            backend.baseUri().toString(),
            "--candidate",
            backend.baseUri().toString(),
            "--store",
            dir.resolve("nowhere.db").toString(),
            "--report",
            dir.resolve("nowhere-report").toString(),
            "--sink",
            nowhere);

    // every client answered (ClientLoad checks each), the comparison unharmed, the loss told
    assertThat(load.sent).hasSize(20);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
    assertThat(r.err())
        .contains("spotter: warning: Kafka at 127.0.0.1:")
        .contains("serving anyway")
        .contains("exchanges could not be published to " + nowhere);
    assertThat(r.out()).contains("Published 0 exchanges to " + nowhere);
    assertThat(dir.resolve("nowhere-report").resolve("report.json")).exists();
  }

  /** Traffic sent to a live command once it listens; may fail the test. */
  private interface Traffic {
    void send() throws Exception;
  }

  /**
   * Runs a live command ({@code record} or {@code shadow}) for 3 s in the background, sends it the
   * traffic once it listens on {@code port}, and returns how it ended.
   */
  private static Cli.Result runForThreeSeconds(int port, Traffic traffic, String... command)
      throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(command));
    args.addAll(List.of("--listen", "127.0.0.1:" + port, "--admin", "off", "--duration", "3s"));
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<Cli.Result> running = background.submit(() -> Cli.run(args.toArray(String[]::new)));
      assertThat(Ports.awaitListening(port, Duration.ofSeconds(30))).isTrue();
      traffic.send();
      return running.get(60, TimeUnit.SECONDS);
    } finally {
      background.shutdownNow();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readTopic(String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClients.consumer(
                KafkaAddress.parse(broker.address(topic)), "reader-" + UUID.randomUUID(), "t"))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (all.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(all::add);
    }
    return all;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void recordingIntoTheStoreAndKafkaAtOnceUsesOneCaptureIdAndRedactsBoth() throws Exception {
    broker.createTopic("both", 2);
    int port = Ports.free();
    Path db = dir.resolve("both.db");
    Cli.Result r =
        runForThreeSeconds(
            port,
            () -> new ClientLoad().run(List.of(port), 3, 10, "both"),
            "record",
            "--target",
            backend.baseUri().toString(),
            "--corpus",
            "both",
            "--store",
            db.toString(),
            "--sink",
            "store",
            "--sink",
            broker.address("both"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("stream     " + broker.address("both") + " and the store")
        .contains("Recorded 30 exchanges into corpus both")
        .contains("Published 30 exchanges to " + broker.address("both"));

    Set<String> storedIds = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT capture_id FROM exchanges")) {
      while (rs.next()) {
        storedIds.add(rs.getString(1));
      }
    }
    List<ConsumerRecord<String, byte[]>> records = readTopic("both", 30);
    assertThat(records).hasSize(30);
    Set<String> publishedIds = new HashSet<>();
    for (ConsumerRecord<String, byte[]> rec : records) {
      publishedIds.add(header(rec, ExchangeRecords.CAPTURE_ID));
      assertThat(header(rec, ExchangeRecords.CORPUS)).isEqualTo("both");
      assertThat(header(rec, ExchangeRecords.SOURCE)).startsWith("record:127.0.0.1:" + port + "@");
      assertThat(rec.key()).isEqualTo("GET /items/both/{id}");
      String value = new String(rec.value(), StandardCharsets.UTF_8);
      assertThat(Placeholders.unkeyed(value))
          .contains("Bearer [REDACTED]")
          .doesNotContain("secret-");
    }
    assertThat(publishedIds).hasSize(30).isEqualTo(storedIds);
    for (String path : storedPaths(db, "both")) {
      assertThat(path).startsWith("/items/both/");
    }
  }

  @Test
  void shadowPublishesWhatItMirrorsAsThePrimaryAnsweredIt() throws Exception {
    broker.createTopic("shadowed", 1);
    int port = Ports.free();
    try (TestHttpServer candidate =
        TestHttpServer.start(
            exchange ->
                TestHttpServer.respond(
                    exchange, 200, "text/plain", "new build".getBytes(StandardCharsets.UTF_8)))) {
      Cli.Result r =
          runForThreeSeconds(
              port,
              () -> {
                new ClientLoad().run(List.of(port), 2, 10, "shadow");
                HttpClient client = HttpClient.newHttpClient();
                for (int i = 0; i < 3; i++) {
                  HttpResponse<String> post =
                      client.send(
                          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                              .POST(HttpRequest.BodyPublishers.ofString("{}"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  assertThat(post.statusCode()).isEqualTo(200);
                }
              },
              "shadow",
              "--primary",
              backend.baseUri().toString(),
              "--candidate",
              candidate.baseUri().toString(),
              "--store",
              dir.resolve("shadow.db").toString(),
              "--report",
              dir.resolve("report").toString(),
              "--sink",
              broker.address("shadowed"),
              "--corpus",
              "mirrored");
      assertThat(r.exitCode()).as(r.toString()).isNotEqualTo(ExitCode.ERROR);
      assertThat(r.out())
          .contains("stream     " + broker.address("shadowed"))
          .contains("Published 20 exchanges to " + broker.address("shadowed"));
    }
    List<ConsumerRecord<String, byte[]>> records = readTopic("shadowed", 20);
    // the POSTs are not mirrored without --allow-side-effects, so they are not published either
    assertThat(records).hasSize(20);
    for (ConsumerRecord<String, byte[]> rec : records) {
      var exchange = ExchangeRecords.fromRecord(rec);
      assertThat(exchange.request().method()).isEqualTo("GET");
      assertThat(exchange.response().body().utf8())
          .isEqualTo("answer to " + exchange.request().path());
      assertThat(header(rec, ExchangeRecords.CORPUS)).isEqualTo("mirrored");
      assertThat(header(rec, ExchangeRecords.SOURCE)).startsWith("shadow:127.0.0.1:" + port + "@");
    }
  }
}
