package dev.spotter.cli;

import dev.spotter.capture.RecordSettings;
import dev.spotter.capture.Recorder;
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.TrafficGenerator;
import dev.spotter.fleet.CheckJobSettings;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.Store;
import dev.spotter.stream.IngestSettings;
import dev.spotter.stream.IngestSummary;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaPublisher;
import dev.spotter.stream.KafkaTopics;
import dev.spotter.stream.StreamIngester;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code spotter demo --via kafka://...}: the demo as a fleet runs it. Traffic goes through a real
 * recording proxy that publishes to a fresh Kafka topic, {@code spotter ingest}'s consumer stores
 * the topic in the store (PostgreSQL, say), and the check is split between two workers that share
 * the topic's partitions, judged and reported in one place.
 */
final class FleetDemo {
  static final int PARTITIONS = 3;
  static final int WORKERS = 2;
  private static final Duration IDLE_EXIT = Duration.ofSeconds(3);
  private static final Duration STALL = Duration.ofMinutes(2);

  private final Wiring wiring;
  private final PrintStream out;

  FleetDemo(Wiring wiring, PrintStream out) {
    this.wiring = wiring;
    this.out = out;
  }

  /**
   * Records, ingests and checks; returns the check's outcome.
   *
   * @param via the Kafka cluster, and the prefix of the topic this run creates
   */
  CheckRun.Outcome run(
      KafkaAddress via,
      LegacyOrdersService primary,
      ReplaySettings settings,
      int requests,
      long seed,
      Path reportDir,
      Store store,
      String storeName) {
    KafkaAddress topic = KafkaTopics.createFresh(via, PARTITIONS, Duration.ofSeconds(15));
    store.deleteCorpus(DemoCommand.CORPUS);

    long published = recordThroughProxy(topic, primary, requests, seed);
    out.printf(
        Locale.ROOT,
        "  recorded %,d requests through a recording proxy in front of the primary into Kafka"
            + " topic %s (%d partitions, credentials redacted): %,d published%n",
        requests,
        topic,
        PARTITIONS,
        published);

    IngestSummary ingested =
        new StreamIngester(
                new IngestSettings(
                    topic,
                    IngestSettings.DEFAULT_GROUP,
                    DemoCommand.CORPUS,
                    DemoCommand.CORPUS,
                    IDLE_EXIT,
                    "spotter-demo-ingest"),
                store::appendCaptured,
                new StreamIngester.Listener() {
                  @Override
                  public void unreadable(String where, String problem) {
                    out.println("  ingest: skipped " + where + ": " + problem);
                  }

                  @Override
                  public void warning(String what) {
                    out.println("  ingest: " + what);
                  }
                })
            .run(() -> false);
    out.printf(
        Locale.ROOT,
        "  ingested the topic into corpus '%s' of %s: %,d exchanges stored%n",
        DemoCommand.CORPUS,
        storeName,
        ingested.stored());

    out.println(
        "  checking the topic with "
            + WORKERS
            + " workers sharing its partitions: every request to all three builds at once...");
    CheckRun run = new CheckRun(wiring, settings, out);
    return new StreamCheckRun(run, settings, out)
        .run(
            topic,
            WORKERS,
            STALL,
            CheckJobSettings.DEFAULT_CLAIM_TIMEOUT,
            reportDir,
            store,
            storeName);
  }

  /** The demo's traffic through a real recording proxy that publishes to {@code topic}. */
  private long recordThroughProxy(
      KafkaAddress topic, LegacyOrdersService primary, int requests, long seed) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RecordSettings settings = RecordSettings.defaults(DemoCommand.CORPUS, "demo");
    KafkaPublisher publisher =
        new KafkaPublisher(
            topic,
            DemoCommand.CORPUS,
            IngestCommand.sourceOnThisHost("record:demo"),
            "spotter-demo-record");
    Recorder recorder = new Recorder(settings, null, publisher, wiring.redactor(), registry);
    ProxyServer proxy;
    try {
      proxy =
          ProxyServer.start(
              ProxySettings.defaults(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                      ForwardTarget.parse(primary.baseUri().toString()))
                  .withObservedBodyCap(settings.bodyCapBytes()),
              recorder,
              new ProxyMetrics(registry));
    } catch (RuntimeException e) {
      recorder.close();
      throw e;
    }
    try {
      URI front = URI.create("http://" + LiveRun.format(proxy.address()));
      TrafficGenerator.withDefaults().run(front, requests, seed);
      proxy.drain(Duration.ofSeconds(10));
    } finally {
      proxy.close();
      recorder.close(); // after the proxy: everything it captured is handed to Kafka
    }
    if (recorder.publishFailed() > 0) {
      throw new SpotterException(
          "demo.stream",
          recorder.publishFailed() + " captured exchanges could not be published to " + topic);
    }
    return recorder.published();
  }
}
