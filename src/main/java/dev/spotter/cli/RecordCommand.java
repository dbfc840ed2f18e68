package dev.spotter.cli;

import dev.spotter.capture.RecordSettings;
import dev.spotter.capture.RecordSummary;
import dev.spotter.capture.Recorder;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.AdminServer;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.proxy.Reachability;
import dev.spotter.store.Store;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaPublisher;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spotter record}: a proxy in front of a service that records the traffic it forwards into a
 * corpus, through the same redaction as an import, without ever making a client wait for the store,
 * and publishes it to a Kafka traffic stream when given {@code --sink kafka://...}.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Stand in front of a service, forward every request to it unchanged, and record the"
          + " exchanges into a corpus (credentials redacted before anything reaches disk), or"
          + " publish them to a Kafka topic (--sink kafka://HOST:PORT/TOPIC; 'spotter ingest'"
          + " stores a topic), or both. When the store or Kafka falls behind or is down,"
          + " recording is shed and counted, never the client's request. Runs until SIGTERM,"
          + " Ctrl-C or --duration, then drains and writes what is queued.",
      "Exit code 0: stopped cleanly; 2: usage, configuration or operational error."
    })
final class RecordCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ProxyOptions proxy;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description = "base URL of the service (default: targets.primary in spotter.yaml)")
  String target;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description = "corpus to record into (default: corpus in spotter.yaml, else 'default')")
  String corpus;

  @Option(
      names = "--sample",
      paramLabel = "SHARE",
      description = "share of matching requests recorded, such as 0.05 (default 1: all)")
  Double sample;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      split = ",",
      description = "record only these methods, such as GET,POST (repeatable; default: all)")
  List<String> methods = new ArrayList<>();

  @Option(
      names = "--path",
      paramLabel = "PATTERN",
      description =
          "record only requests matching an endpoint pattern such as '/api/**' or 'GET"
              + " /orders/{id}' (repeatable; default: all)")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "PATTERN",
      description = "never record requests matching this pattern, such as '/health' (repeatable)")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--max-body-size",
      paramLabel = "SIZE",
      description =
          "body bytes recorded per body; larger bodies pass through whole and are recorded cut"
              + " (default: capture.maxBodySize in spotter.yaml, else 10MiB)")
  String maxBodySize;

  @Option(
      names = "--queue",
      paramLabel = "N",
      description = "exchanges waiting for the store at most; more are shed (default 10000)")
  Integer queue;

  @Option(
      names = "--queue-bytes",
      paramLabel = "SIZE",
      description = "body bytes waiting for the store at most; more are shed (default 64MiB)")
  String queueBytes;

  @Option(
      names = "--flush-interval",
      paramLabel = "DURATION",
      description = "longest wait before queued exchanges are written to the store (200ms)")
  String flushInterval;

  @Option(
      names = "--sink",
      paramLabel = "SINK",
      description =
          "where recorded exchanges go: 'store' (the --store file) and/or a Kafka topic,"
              + " kafka://HOST:PORT[,HOST:PORT...]/TOPIC (repeatable; default: store)")
  List<String> sinks = new ArrayList<>();

  /** Where the recording goes: the store, a Kafka topic, or both. */
  record Sinks(boolean store, KafkaAddress kafka) {}

  @Override
  public Integer call() {
    Wiring wiring = common.wiring();
    Sinks chosen = sinks();
    SpotterConfig.Record c = recordConfig(wiring);
    ForwardTarget upstream = target(wiring, c);
    InetSocketAddress listen = proxy.listenAddress(wiring);
    RecordSettings settings = recordSettings(wiring, c, "record:" + LiveRun.format(listen));
    ProxySettings proxySettings = proxy.settings(wiring, upstream, settings.bodyCapBytes());
    ProxyOptions.Lifecycle lifecycle = proxy.lifecycle(wiring);
    Reachability.problemWith(upstream.upstream(), Duration.ofSeconds(5))
        .ifPresent(
            why -> {
              throw new SpotterException(
                  "record.unreachable",
                  "the target at " + upstream.url() + " cannot be reached: " + why);
            });
    if (chosen.kafka() != null) {
      IngestCommand.warnIfUnreachable(chosen.kafka());
    }
    try (Store store = chosen.store() ? common.openStore() : null;
        LiveRun live = new LiveRun()) {
      KafkaPublisher publisher =
          chosen.kafka() == null
              ? null
              : new KafkaPublisher(
                  chosen.kafka(),
                  settings.corpus(),
                  IngestCommand.sourceOnThisHost(settings.source()),
                  "spotter-" + settings.source().replace(':', '-'));
      Recorder recorder =
          new Recorder(settings, store, publisher, wiring.redactor(), live.registry());
      ProxyServer server;
      try {
        server = ProxyServer.start(proxySettings, recorder, new ProxyMetrics(live.registry()));
      } catch (RuntimeException e) {
        recorder.close();
        throw e;
      }
      RecordSummary summary;
      try {
        Optional<InetSocketAddress> admin =
            live.startAdmin(lifecycle.admin(), () -> health(server, recorder));
        printStart(settings, chosen, upstream, server.address(), admin);
        live.catchSignals();
        String why = live.awaitStop(lifecycle.duration(), () -> status(server, recorder));
        System.out.println("Stopping (" + why + "): draining requests in flight...");
        long cutOff = server.drain(lifecycle.drainTimeout());
        if (cutOff > 0) {
          System.err.println(
              "spotter: warning: " + cutOff + " requests were cut off at the drain timeout");
        }
      } finally {
        server.close();
        recorder.close(); // after the proxy: everything it handed over is written
      }
      summary = recorder.summary();
      printSummary(settings, chosen, summary, recorder);
      return summary.failed() > 0 || recorder.publishFailed() > 0 ? ExitCode.ERROR : ExitCode.OK;
    }
  }

  /** The --sink values: 'store' and at most one kafka:// address; only the store when none. */
  Sinks sinks() {
    if (sinks.isEmpty()) {
      return new Sinks(true, null);
    }
    boolean store = false;
    KafkaAddress kafka = null;
    for (String text : sinks) {
      String value = text.strip();
      if (value.equalsIgnoreCase("store")) {
        store = true;
      } else if (value.regionMatches(true, 0, "kafka:", 0, 6)) {
        if (kafka != null) {
          throw OptionValues.usage("--sink", "give at most one kafka:// address");
        }
        kafka = IngestCommand.address("--sink", value);
      } else {
        throw OptionValues.usage(
            "--sink",
            "'"
                + value
                + "' is neither 'store' nor a Kafka address such as kafka://host:9092/topic");
      }
    }
    return new Sinks(store, kafka);
  }

  private ForwardTarget target(Wiring wiring, SpotterConfig.Record c) {
    String url = target != null ? target : c.target();
    if (url == null) {
      url = wiring.targets().map(SpotterConfig.Targets::primary).orElse(null);
    }
    if (url == null) {
      throw new SpotterException(
          "usage",
          "record needs --target URL (or record.target or targets.primary in spotter.yaml)");
    }
    return OptionValues.url("--target", url);
  }

  RecordSettings recordSettings(Wiring wiring, SpotterConfig.Record c, String source) {
    RecordSettings s = RecordSettings.defaults(wiring.corpus(corpus), source);
    Double share = sample != null ? OptionValues.share("--sample", sample) : c.sample();
    if (share != null) {
      s = s.withSampleRate(share);
    }
    Set<String> methodSet = new LinkedHashSet<>();
    for (String m : methods.isEmpty() && c.methods() != null ? c.methods() : methods) {
      String upper = m.trim().toUpperCase(Locale.ROOT);
      if (!upper.isEmpty()) {
        methodSet.add(upper);
      }
    }
    s = s.withMethods(methodSet);
    s =
        s.withEndpoints(
            patterns("--path", paths.isEmpty() && c.paths() != null ? c.paths() : paths),
            patterns(
                "--exclude", excludes.isEmpty() && c.exclude() != null ? c.exclude() : excludes));
    long cap =
        maxBodySize != null
            ? OptionValues.size("--max-body-size", maxBodySize)
            : wiring.captureBodyCap();
    RecordSettings capped = s;
    s = OptionValues.parse("--max-body-size", () -> capped.withBodyCap(cap));
    int n =
        queue != null
            ? OptionValues.within("--queue", queue, 1, 10_000_000)
            : c.queue() != null ? c.queue() : s.maxQueuedExchanges();
    long bytes =
        queueBytes != null
            ? OptionValues.size("--queue-bytes", queueBytes)
            : c.queueBytes() != null ? c.queueBytes().bytes() : s.maxQueuedBytes();
    RecordSettings bounded = s;
    s = OptionValues.parse("--queue", () -> bounded.withQueueBounds(n, bytes));
    Duration interval =
        flushInterval != null
            ? OptionValues.duration("--flush-interval", flushInterval)
            : c.flushInterval() != null ? c.flushInterval().duration() : s.flushInterval();
    RecordSettings flushing = s;
    return OptionValues.parse(
        "--flush-interval", () -> flushing.withFlushing(interval, flushing.maxBatch()));
  }

  private static List<EndpointPattern> patterns(String option, List<String> texts) {
    List<EndpointPattern> list = new ArrayList<>();
    for (String t : texts) {
      list.add(OptionValues.pattern(option, t));
    }
    return list;
  }

  private static SpotterConfig.Record recordConfig(Wiring wiring) {
    SpotterConfig.Record c = wiring.config().record();
    return c != null ? c : new SpotterConfig.Record(null, null, null, null, null, null, null, null);
  }

  private static void printStart(
      RecordSettings s,
      Sinks sinks,
      ForwardTarget upstream,
      InetSocketAddress listen,
      Optional<InetSocketAddress> admin) {
    System.out.println("Spotter record");
    System.out.println("  listening  http://" + LiveRun.format(listen));
    System.out.println("  target     " + upstream.url());
    System.out.println("  corpus     " + s.corpus() + (sinks.store() ? "" : " (named in records)"));
    if (sinks.kafka() != null) {
      System.out.println("  stream     " + sinks.kafka() + (sinks.store() ? " and the store" : ""));
    }
    System.out.println(
        "  recording  "
            + (s.methods().isEmpty() ? "every method" : String.join(", ", s.methods()))
            + (s.include().isEmpty() ? "" : ", only " + s.include())
            + (s.exclude().isEmpty() ? "" : ", never " + s.exclude())
            + (s.sampleRate() < 1
                ? String.format(Locale.ROOT, ", %.4g of them", s.sampleRate())
                : "")
            + ", flushed every "
            + Reachability.human(s.flushInterval()));
    admin.ifPresent(
        a -> System.out.println("  admin      http://" + LiveRun.format(a) + "/metrics, /health"));
    System.out.flush();
  }

  private static String status(ProxyServer server, Recorder recorder) {
    return String.format(
        Locale.ROOT,
        "record: %,d requests answered, %,d recorded, %,d shed, %,d queued%s",
        server.metrics().count(ProxyMetrics.Outcome.ANSWERED),
        recorder.recorded(),
        recorder.shed(),
        recorder.queued(),
        recorder.publishing()
            ? String.format(
                Locale.ROOT,
                ", %,d published, %,d failed to publish",
                recorder.published(),
                recorder.publishFailed())
            : "");
  }

  private static void printSummary(
      RecordSettings s, Sinks sinks, RecordSummary sum, Recorder recorder) {
    if (sinks.store()) {
      System.out.printf(
          Locale.ROOT,
          "Recorded %,d exchanges into corpus %s (%,d shed because the store fell behind, %,d not"
              + " selected, %,d lost to store errors).%n",
          sum.recorded(),
          s.corpus(),
          sum.shed(),
          sum.skipped(),
          sum.failed());
    }
    System.out.println("Redacted: " + sum.redacted().describe() + ".");
    if (sinks.kafka() != null) {
      System.out.printf(
          Locale.ROOT,
          "Published %,d exchanges to %s (%,d shed because %s fell behind, %,d not selected,"
              + " %,d lost to Kafka errors).%n",
          recorder.published(),
          sinks.kafka(),
          sum.shed(),
          sinks.store() ? "the store or Kafka" : "Kafka",
          sum.skipped(),
          recorder.publishFailed());
    }
    if (sum.failed() > 0) {
      System.err.println(
          "spotter: "
              + sum.failed()
              + " exchanges could not be written to the store; see the warnings above");
    }
    if (recorder.publishFailed() > 0) {
      System.err.println(
          "spotter: "
              + recorder.publishFailed()
              + " exchanges could not be published to "
              + sinks.kafka()
              + "; see the warnings above");
    }
  }

  private static AdminServer.Health health(ProxyServer server, Recorder recorder) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", "record");
    details.put("listen", LiveRun.format(server.address()));
    details.put("corpus", recorder.settings().corpus());
    details.put("recorded", recorder.recorded());
    details.put("shed", recorder.shed());
    details.put("queued", recorder.queued());
    if (recorder.publishing()) {
      details.put("published", recorder.published());
      details.put("publishFailed", recorder.publishFailed());
    }
    return new AdminServer.Health(
        !server.draining(), server.draining() ? "draining" : "serving", details);
  }
}
