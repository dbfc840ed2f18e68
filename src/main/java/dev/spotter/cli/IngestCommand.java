package dev.spotter.cli;

import dev.spotter.capture.Redactor;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import dev.spotter.stream.IngestSettings;
import dev.spotter.stream.IngestSummary;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaClients;
import dev.spotter.stream.StreamIngester;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spotter ingest}: one member of a consumer group that stores a traffic stream (what {@code
 * record --sink kafka://...} and {@code shadow --sink} publish) into the store, each exchange once.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Consume a Kafka traffic stream written by 'spotter record --sink kafka://...' (or shadow)"
          + " and store its exchanges into corpora: a batch is stored, then its offsets committed,"
          + " and capture ids make the store skip what it already holds, so each exchange is"
          + " stored once even across restarts. Several ingest processes with one --group share"
          + " the topic's partitions. Unreadable records are reported, counted and skipped. Runs"
          + " until SIGTERM or Ctrl-C (the batch in hand is stored and committed first) or until"
          + " --idle-exit passes with nothing new.",
      "Exit code 0: stopped cleanly; 2: usage, configuration or operational error (Kafka"
          + " unreachable at the start, a store that refuses batches)."
    })
final class IngestCommand implements Callable<Integer> {
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** A live mode only warns about Kafka, so it waits for it briefly before it serves. */
  static final Duration LIVE_PROBE = Duration.ofSeconds(2);

  @Mixin CommonOptions common;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "URI",
      description = "the stream: kafka://HOST:PORT[,HOST:PORT...]/TOPIC")
  String from;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description =
          "store every exchange into this corpus (default: the corpus each record names, else"
              + " corpus in spotter.yaml, else 'default')")
  String corpus;

  @Option(
      names = "--group",
      paramLabel = "ID",
      description =
          "consumer group; ingest processes of one group share the partitions"
              + " (default "
              + IngestSettings.DEFAULT_GROUP
              + ")")
  String group;

  @Option(
      names = "--idle-exit",
      paramLabel = "DURATION",
      description = "stop once nothing new arrived for this long, such as 30s (default: never)")
  String idleExit;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      description = "how long to wait for Kafka to answer at the start (default 10s)")
  String connectTimeout;

  @Override
  public Integer call() {
    Wiring wiring = common.wiring();
    KafkaAddress address = address("--from", from);
    Duration idle = idleExit == null ? null : OptionValues.duration("--idle-exit", idleExit);
    String groupId = group != null ? group : IngestSettings.DEFAULT_GROUP;
    if (groupId.isBlank()) {
      throw OptionValues.usage("--group", "must name a consumer group");
    }
    if (corpus != null && corpus.isBlank()) {
      throw OptionValues.usage("--corpus", "must name a corpus");
    }
    IngestSettings settings =
        new IngestSettings(
            address, groupId, corpus, wiring.corpus(null), idle, "spotter-ingest-" + hostName());
    Duration wait =
        connectTimeout == null
            ? DEFAULT_CONNECT_TIMEOUT
            : OptionValues.duration("--connect-timeout", connectTimeout);
    int partitions = KafkaClients.requireReachable(address, wait);
    try (Store store = common.openStore();
        LiveRun live = new LiveRun()) {
      // Spotter's own recorders publish redacted exchanges, and redacting again changes nothing
      // (placeholders stay as they are); anything else another producer wrote is redacted here.
      Redactor redactor = wiring.redactor();
      StreamIngester ingester =
          new StreamIngester(
              settings,
              (target, exchanges) ->
                  store.appendCaptured(target, exchanges.stream().map(redactor::redact).toList()),
              new Warnings());
      printStart(settings, partitions);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<IngestSummary> done = new AtomicReference<>();
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      Thread worker =
          new Thread(
              () -> {
                try {
                  done.set(ingester.run(stop::get));
                } catch (RuntimeException e) {
                  failure.set(e);
                } finally {
                  live.stopFor("finished");
                }
              },
              "spotter-ingest");
      live.catchSignals();
      worker.start();
      String why = live.awaitStop(Optional.empty(), () -> status(ingester));
      stop.set(true);
      if (why.startsWith("SIG")) {
        System.out.println("Stopping (" + why + "): storing and committing the batch in hand...");
      }
      join(worker);
      if (failure.get() != null) {
        throw failure.get();
      }
      IngestSummary summary = done.get();
      printSummary(settings, summary);
      return ExitCode.OK;
    }
  }

  private static void join(Thread worker) {
    boolean interrupted = false;
    while (worker.isAlive()) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        interrupted = true; // the batch in hand must still be stored and committed
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Parses a stream address given to {@code option}, naming the option when it is wrong. */
  static KafkaAddress address(String option, String text) {
    try {
      return KafkaAddress.parse(text);
    } catch (SpotterException e) {
      throw new SpotterException(e.code(), option + ": " + e.getMessage());
    }
  }

  /**
   * What records name as the proxy that captured them: its own source and this machine's name, so
   * that proxies listening on the same address on different hosts can be told apart.
   */
  static String sourceOnThisHost(String source) {
    return source + "@" + hostName();
  }

  /** Checks the stream at the start of a live mode: only a warning, the proxy serves anyway. */
  static void warnIfUnreachable(KafkaAddress address) {
    try {
      int partitions = KafkaClients.requireReachable(address, LIVE_PROBE);
      if (partitions == 0) {
        System.err.println(
            "spotter: warning: the topic '"
                + address.topic()
                + "' does not exist on "
                + address.bootstrapServers()
                + "; create it (see docs/kafka.md), or publishing fails unless the cluster creates"
                + " topics on first use");
      }
    } catch (SpotterException e) {
      System.err.println(
          "spotter: warning: "
              + e.getMessage()
              + "; serving anyway: until it can be reached, exchanges that cannot be published are"
              + " counted (spotter_record_publish_failed_total, or spotter_record_shed_total once"
              + " the queue is full)");
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  private static void printStart(IngestSettings s, int partitions) {
    System.out.println("Spotter ingest");
    System.out.println(
        "  from       "
            + s.from()
            + (partitions > 0
                ? " (" + partitions + " partitions)"
                : " (the topic does not exist yet: waiting for it)"));
    System.out.println("  group      " + s.groupId());
    System.out.println(
        "  corpus     "
            + (s.corpus() != null
                ? s.corpus()
                : "as each record names it, else " + s.defaultCorpus()));
    if (s.idleExit() != null) {
      System.out.println("  idle exit  after " + s.idleExit().toMillis() + " ms with nothing new");
    }
    System.out.flush();
  }

  private static String status(StreamIngester ingester) {
    return String.format(
        Locale.ROOT,
        "ingest: %,d stored, %,d duplicates skipped, %,d unreadable, %d partitions held",
        ingester.stored(),
        ingester.duplicates(),
        ingester.unreadable(),
        ingester.assignedPartitions());
  }

  private static void printSummary(IngestSettings s, IngestSummary sum) {
    System.out.printf(
        Locale.ROOT,
        "Ingested %,d exchanges from %s (%,d duplicates skipped, %,d unreadable records"
            + " skipped)%s.%n",
        sum.stored(),
        s.from(),
        sum.duplicates(),
        sum.unreadable(),
        sum.stoppedBecause().equals("idle") ? "; stopped after the idle time" : "");
  }

  /** Warnings to stderr, one line each. */
  private static final class Warnings implements StreamIngester.Listener {
    @Override
    public void unreadable(String where, String problem) {
      System.err.println("spotter: warning: skipping unreadable record " + where + ": " + problem);
    }

    @Override
    public void warning(String what) {
      System.err.println("spotter: warning: " + what);
    }
  }
}
