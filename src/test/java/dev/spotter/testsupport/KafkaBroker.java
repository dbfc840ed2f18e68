package dev.spotter.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one KRaft node that is broker and controller at once, listening
 * on 127.0.0.1 on free ports, its data in a temporary directory. Built from Kafka's own jars (test
 * scope), so it needs nothing installed and works offline. Starts in a few seconds; {@link
 * #close()} stops it and deletes its data. {@link #stop()} and {@link #restart()} keep the data and
 * the port, for tests of a broker that goes away and comes back.
 */
public final class KafkaBroker implements AutoCloseable {
  static {
    // A fatal fault in the broker calls Exit: in a test it must fail the test, not end the JVM.
    Exit.setExitProcedure(
        (code, message) -> {
          throw new IllegalStateException("the test broker asked to exit " + code + ": " + message);
        });
    Exit.setHaltProcedure(
        (code, message) -> {
          throw new IllegalStateException("the test broker asked to halt " + code + ": " + message);
        });
  }

  private static final String CONTROLLER = "CONTROLLER";
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server; // guarded by this

  private KafkaBroker(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats a fresh data directory and starts a broker on it; returns once clients can use it. */
  public static KafkaBroker start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("spotter-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaBroker broker = new KafkaBroker(dir, Ports.free(), Ports.free());
    try {
      broker.format();
      broker.restart();
      return broker;
    } catch (RuntimeException | Error e) {
      broker.close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT}, the bootstrap servers of clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** {@code kafka://127.0.0.1:PORT/TOPIC}, as Spotter's options take it. */
  public String address(String topic) {
    return "kafka://" + bootstrapServers() + "/" + topic;
  }

  /** Creates a topic with this many partitions (one replica), waiting until it exists. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name, e);
    }
  }

  /** An admin client of this broker; close it. */
  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return Admin.create(p);
  }

  /** Stops the broker, keeping its data and ports; {@link #restart()} brings it back. */
  public synchronized void stop() {
    if (server != null) {
      KafkaRaftServer s = server;
      server = null;
      s.shutdown();
      s.awaitShutdown();
    }
  }

  /** Starts the broker (again) on its data and ports; returns once clients can use it. */
  public synchronized void restart() {
    if (server != null) {
      return;
    }
    KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
    server = s;
    s.startup();
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("the test broker did not come up within " + READY_WITHIN, last);
  }

  private Map<String, Object> config() {
    Map<String, Object> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", CONTROLLER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir().toString());
    p.put("metadata.log.dir", dataDir().toString());
    // one node: every internal topic has one replica, and groups start without waiting
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "true");
    // small and quick: tests make little data
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    p.put("controlled.shutdown.enable", "false");
    p.put("server.max.startup.time.ms", Long.toString(TimeUnit.MINUTES.toMillis(1)));
    return p;
  }

  private Path dataDir() {
    return dir.resolve("data");
  }

  /** The temporary directory holding the broker's data, deleted by {@link #close()}. */
  public Path dataDirectory() {
    return dir;
  }

  private void format() {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(out)
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(1)
          .setDirectories(List.of(dataDir().toString()))
          .setMetadataLogDirectory(dataDir().toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setControllerListenerName(CONTROLLER)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not format the test broker's storage: " + said.toString(StandardCharsets.UTF_8),
          e);
    }
  }

  /** Stops the broker and deletes its data. */
  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the machine cleans it up if we cannot
    }
  }
}
