package dev.spotter.cli;

import dev.spotter.capture.RecordSettings;
import dev.spotter.capture.Recorder;
import dev.spotter.capture.Redactor;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.AdminServer;
import dev.spotter.proxy.EventLog;
import dev.spotter.proxy.ExchangeObserver;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ObservedExchange;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.proxy.Reachability;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.LiveJudgement;
import dev.spotter.replay.Repeats;
import dev.spotter.report.ReportWriter;
import dev.spotter.shadow.ShadowMirror;
import dev.spotter.shadow.ShadowSettings;
import dev.spotter.store.Store;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaPublisher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spotter shadow}: a proxy in front of the old build whose clients are answered by it alone,
 * while each eligible request is mirrored to a second copy of the old build and to the new one and
 * the three answers are judged as a check judges them. With {@code --sink kafka://...} the
 * exchanges it mirrors are also published, as the primary answered them, to a traffic stream.
 */
@Command(
    name = "shadow",
    mixinStandardHelpOptions = true,
    description = {
      "Stand in front of the old build (primary) and answer every client from it alone, unchanged,"
          + " while copying each eligible request to a second copy of the old build (secondary)"
          + " and to the new build (candidate) and comparing the answers as 'spotter check'"
          + " does. With --sink kafka://HOST:PORT/TOPIC, every exchange it mirrors is also"
          + " published, as the primary answered it and redacted, to that Kafka topic. Runs"
          + " until SIGTERM, Ctrl-C or --duration; then drains, writes the reports and exits.",
      "Exit code 0: no regression; 1: regressions found; 2: usage, configuration or"
          + " operational error, or no verdict (nothing compared, a mirror never answered,"
          + " findings left undecided)."
    })
final class ShadowCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ProxyOptions proxy;
  @Mixin UndecidedOptions undecided = new UndecidedOptions();

  @Option(names = "--primary", paramLabel = "URL", description = "base URL of the old build")
  String primary;

  @Option(
      names = "--secondary",
      paramLabel = "URL",
      description =
          "base URL of a second copy of the old build (without it the primary is asked a second"
              + " time for every mirrored request)")
  String secondary;

  @Option(names = "--candidate", paramLabel = "URL", description = "base URL of the new build")
  String candidate;

  @Option(
      names = "--allow-side-effects",
      description = "also mirror methods other than GET, HEAD and OPTIONS")
  Boolean allowSideEffects;

  @Option(
      names = "--sample",
      paramLabel = "SHARE",
      description = "share of eligible requests mirrored, such as 0.05 (default 1: all)")
  Double sample;

  @Option(
      names = "--queue",
      paramLabel = "N",
      description =
          "exchanges mirrored or judged at once at most; more are dropped and counted (default"
              + " 1000)")
  Integer queue;

  @Option(
      names = "--queue-bytes",
      paramLabel = "SIZE",
      description =
          "body bytes the exchanges in flight may hold at most; more are dropped and counted"
              + " (default 256MiB)")
  String queueBytes;

  @Option(
      names = "--mirror-timeout",
      paramLabel = "DURATION",
      description = "time a mirrored request may take, waiting for a connection included (5s)")
  String mirrorTimeout;

  @Option(
      names = "--max-body-size",
      paramLabel = "SIZE",
      description = "body bytes kept per answer for the comparison (default 1MiB)")
  String maxBodySize;

  @Option(
      names = "--connections",
      paramLabel = "N",
      description = "connections open to each mirror at most (default 64)")
  Integer connections;

  @Option(
      names = "--snapshot-interval",
      paramLabel = "DURATION",
      description = "how often the results so far are saved to the store (default 10s)")
  String snapshotInterval;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "where the reports are written on stop (default: spotter-report)")
  Path reportDir;

  @Option(
      names = "--sink",
      paramLabel = "URI",
      description =
          "also publish each mirrored exchange (the primary's answer, redacted) to a Kafka topic:"
              + " kafka://HOST:PORT[,HOST:PORT...]/TOPIC")
  String sink;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description =
          "with --sink: the corpus published records name (default: corpus in spotter.yaml, else"
              + " 'default')")
  String corpus;

  @Override
  public Integer call() {
    Wiring wiring = common.wiring();
    KafkaAddress stream = sink == null ? null : IngestCommand.address("--sink", sink);
    if (stream == null && corpus != null) {
      throw OptionValues.usage(
          "--corpus", "names the corpus of published records: give --sink too");
    }
    ShadowSettings chosen = shadowSettings(wiring);
    ProxySettings proxySettings = proxy.settings(wiring, chosen.primary(), chosen.maxBodyBytes());
    // mirrors get the Host the primary gets: the client's, or each its own
    ShadowSettings settings = chosen.withPreserveHost(proxySettings.preserveHost());
    ProxyOptions.Lifecycle lifecycle = proxy.lifecycle(wiring);
    Path reports = wiring.reportDir(reportDir);
    requirePrimary(settings.primary());
    warnIfUnreachable("secondary", settings.secondary());
    warnIfUnreachable("candidate", settings.candidate());
    if (stream != null) {
      IngestCommand.warnIfUnreachable(stream);
    }
    try (Store store = common.openStore();
        LiveRun live = new LiveRun()) {
      Redactor redactor = wiring.redactor();
      LiveJudgement judgement =
          new LiveJudgement(
              new ResponseDiffer(wiring.diffSettings()),
              wiring.grouper(),
              new FindingCollector(wiring.noiseSettings()),
              settings.maxBodyBytes(),
              example -> CheckRun.redact(example, redactor),
              settings.primary().url(),
              settings.secondaryOrPrimary().url(),
              settings.candidate().url(),
              undecided.repeatSettings(wiring, "shadow.usage"),
              settings.preserveHost());
      ShadowMirror mirror =
          new ShadowMirror(
              settings,
              UpstreamClient.forBackground(settings.clientSettings()),
              judgement,
              live.registry());
      Recorder publishing =
          stream == null
              ? null
              : publisher(wiring, stream, settings, proxySettings, redactor, live);
      ExchangeObserver observer = publishing == null ? mirror : new Publishing(mirror, publishing);
      ProxyServer server;
      try {
        server = ProxyServer.start(proxySettings, observer, new ProxyMetrics(live.registry()));
      } catch (RuntimeException e) {
        mirror.close(Duration.ZERO);
        if (publishing != null) {
          publishing.close();
        }
        throw e;
      }
      String source = "shadow of live traffic on " + LiveRun.format(server.address());
      Instant started = Instant.now();
      ScheduledExecutorService saver =
          Executors.newSingleThreadScheduledExecutor(Snapshots::thread);
      Snapshots snapshots;
      try {
        snapshots = new Snapshots(store, mirror, source, started);
        Optional<InetSocketAddress> admin =
            live.startAdmin(lifecycle.admin(), () -> health(server, mirror));
        printStart(settings, stream, server.address(), admin, snapshots.runId());
        live.catchSignals();
        long every = settings.snapshotInterval().toMillis();
        saver.scheduleWithFixedDelay(snapshots::save, every, every, TimeUnit.MILLISECONDS);
        String why = live.awaitStop(lifecycle.duration(), () -> status(server, mirror));
        System.out.println("Stopping (" + why + "): draining requests in flight...");
        long cutOff = server.drain(lifecycle.drainTimeout());
        server.close();
        long unjudged = mirror.awaitJudged(settings.mirrorTimeout().plusSeconds(5));
        // saved first: if asking again outlasts the grace a supervisor gives after SIGTERM, the
        // run in the store is what live traffic showed
        snapshots.save();
        Repeats asked = mirror.askAgain();
        if (asked.any()) {
          System.out.println(
              "Asked the mirrors again: "
                  + asked.exchanges()
                  + " exchanges for "
                  + asked.requests()
                  + " requests whose findings live traffic left undecided");
        }
        if (cutOff > 0 || unjudged > 0) {
          System.err.println(
              "spotter: warning: "
                  + cutOff
                  + " requests were cut off at the drain timeout and "
                  + unjudged
                  + " mirrored exchanges were not judged in time");
        }
      } finally {
        saver.shutdownNow();
        server.close();
        mirror.close(Duration.ZERO);
        if (publishing != null) {
          publishing.close(); // after the proxy: everything it handed over is published
        }
      }
      if (publishing != null) {
        printPublished(stream, publishing);
      }
      CheckResult result = snapshots.finish(undecided.allowUndecided(wiring));
      List<Path> written = ReportWriter.writeAll(result, reports);
      CheckSummaryPrinter.print(result, written, snapshots.runId(), System.out);
      return CheckRun.exitCode(result, undecided.allowUndecided(wiring));
    }
  }

  /**
   * A recorder that only publishes, fed exactly the exchanges the mirror asks for: the published
   * stream is the shadow's eligible, sampled traffic as the primary answered it.
   */
  private Recorder publisher(
      Wiring wiring,
      KafkaAddress stream,
      ShadowSettings settings,
      ProxySettings proxySettings,
      Redactor redactor,
      LiveRun live) {
    String source = "shadow:" + LiveRun.format(proxySettings.listen());
    RecordSettings recording =
        OptionValues.parse(
            "--max-body-size",
            () ->
                RecordSettings.defaults(wiring.corpus(corpus), source)
                    .withBodyCap(settings.maxBodyBytes()));
    KafkaPublisher publisher =
        new KafkaPublisher(
            stream,
            recording.corpus(),
            IngestCommand.sourceOnThisHost(source),
            "spotter-" + source.replace(':', '-'));
    return new Recorder(recording, null, publisher, redactor, live.registry());
  }

  /** The mirror decides; what it asks for is also handed to the publishing recorder. */
  private static final class Publishing implements ExchangeObserver {
    private final ShadowMirror mirror;
    private final Recorder recorder;

    Publishing(ShadowMirror mirror, Recorder recorder) {
      this.mirror = mirror;
      this.recorder = recorder;
    }

    @Override
    public boolean observe(String method, String uri) {
      return mirror.observe(method, uri);
    }

    @Override
    public void completed(ObservedExchange exchange) {
      try {
        recorder.completed(exchange); // never blocks: queued or shed
      } finally {
        mirror.completed(exchange);
      }
    }
  }

  private static void printPublished(KafkaAddress stream, Recorder r) {
    System.out.printf(
        Locale.ROOT,
        "Published %,d exchanges to %s (%,d shed because Kafka fell behind, %,d lost to Kafka"
            + " errors).%n",
        r.published(),
        stream,
        r.shed(),
        r.publishFailed());
    if (r.publishFailed() > 0 || r.failed() > 0) {
      System.err.println(
          "spotter: warning: "
              + (r.publishFailed() + r.failed())
              + " exchanges could not be published to "
              + stream
              + "; see the warnings above");
    }
  }

  /** The run in the store: saved at the start, replaced at each snapshot and at the end. */
  private static final class Snapshots {
    private final Store store;
    private final ShadowMirror mirror;
    private final String source;
    private final Instant started;
    private final String runId;

    Snapshots(Store store, ShadowMirror mirror, String source, Instant started) {
      this.store = store;
      this.mirror = mirror;
      this.source = source;
      this.started = started;
      this.runId =
          RunRecords.save(
              store,
              RunRecords.of("shadow", null, mirror.snapshot("", source, started, started), false));
    }

    String runId() {
      return runId;
    }

    synchronized void save() {
      try {
        CheckResult now = mirror.snapshot(runId, source, started, Instant.now());
        RunRecords.update(store, RunRecords.of("shadow", runId, now, false));
      } catch (RuntimeException e) {
        EventLog.sampled("shadow.snapshot_failed", "error", e.toString());
      }
    }

    /**
     * The final result, saved.
     *
     * @param undecidedAccepted undecided findings accepted with --allow-undecided: every report
     *     says so, as a check's do
     */
    synchronized CheckResult finish(boolean undecidedAccepted) {
      CheckResult result = mirror.snapshot(runId, source, started, Instant.now());
      if (undecidedAccepted) {
        result = result.withSummary(result.summary().withUndecidedAccepted(true), result.skipped());
      }
      RunRecords.update(store, RunRecords.of("shadow", runId, result, true));
      return result;
    }

    static Thread thread(Runnable r) {
      Thread t = new Thread(r, "spotter-snapshots");
      t.setDaemon(true);
      return t;
    }
  }

  ShadowSettings shadowSettings(Wiring wiring) {
    ChosenTargets targets =
        ChosenTargets.of(wiring, "shadow", "usage", primary, secondary, candidate);
    SpotterConfig.Shadow c = wiring.config().shadow();
    if (c == null) {
      c = new SpotterConfig.Shadow(null, null, null, null, null, null, null, null);
    }
    ShadowSettings s =
        ShadowSettings.defaults(
            OptionValues.url("--primary", targets.primary()),
            targets.secondary() == null
                ? null
                : OptionValues.url("--secondary", targets.secondary()),
            OptionValues.url("--candidate", targets.candidate()));
    Boolean allow = allowSideEffects != null ? allowSideEffects : c.allowSideEffects();
    if (allow != null) {
      s = s.withAllowSideEffects(allow);
    }
    Double share = sample != null ? OptionValues.share("--sample", sample) : c.sample();
    if (share != null) {
      s = s.withSampleRate(share);
    }
    Integer n = queue != null ? OptionValues.within("--queue", queue, 1, 1_000_000) : c.queue();
    if (n != null) {
      s = s.withMaxInFlight(n);
    }
    if (queueBytes != null || c.queueBytes() != null) {
      long bytes =
          queueBytes != null
              ? OptionValues.size("--queue-bytes", queueBytes)
              : c.queueBytes().bytes();
      ShadowSettings current = s;
      s = OptionValues.parse("--queue-bytes", () -> current.withMaxInFlightBytes(bytes));
    }
    if (mirrorTimeout != null) {
      s = s.withMirrorTimeout(OptionValues.duration("--mirror-timeout", mirrorTimeout));
    } else if (c.mirrorTimeout() != null) {
      s = s.withMirrorTimeout(c.mirrorTimeout().duration());
    }
    if (maxBodySize != null || c.maxBodySize() != null) {
      long bytes =
          maxBodySize != null
              ? OptionValues.size("--max-body-size", maxBodySize)
              : c.maxBodySize().bytes();
      ShadowSettings current = s;
      s = OptionValues.parse("--max-body-size", () -> current.withMaxBodyBytes(bytes));
    }
    Integer conns =
        connections != null
            ? OptionValues.within("--connections", connections, 1, 10_000)
            : c.connections();
    if (conns != null) {
      s = s.withConnectionsPerTarget(conns);
    }
    if (snapshotInterval != null) {
      ShadowSettings current = s;
      s =
          OptionValues.parse(
              "--snapshot-interval",
              () ->
                  current.withSnapshotInterval(
                      OptionValues.duration("--snapshot-interval", snapshotInterval)));
    } else if (c.snapshotInterval() != null) {
      s = s.withSnapshotInterval(c.snapshotInterval().duration());
    }
    return s;
  }

  /** Clients would only get 502s: a primary that cannot be reached stops the shadow at once. */
  private static void requirePrimary(ForwardTarget primary) {
    Reachability.problemWith(primary.upstream(), Duration.ofSeconds(5))
        .ifPresent(
            why -> {
              throw new SpotterException(
                  "shadow.unreachable",
                  "the primary at " + primary.url() + " cannot be reached: " + why);
            });
  }

  /** A mirror may come up later; until it does, its requests count as failed. */
  private static void warnIfUnreachable(String role, ForwardTarget target) {
    if (target == null) {
      return;
    }
    Reachability.problemWith(target.upstream(), Duration.ofSeconds(2))
        .ifPresent(
            why ->
                System.err.println(
                    "spotter: warning: the "
                        + role
                        + " at "
                        + target.url()
                        + " cannot be reached yet ("
                        + why
                        + "); its mirrors count as failed until it can"));
  }

  private static void printStart(
      ShadowSettings s,
      KafkaAddress stream,
      InetSocketAddress listen,
      Optional<InetSocketAddress> admin,
      String runId) {
    System.out.println("Spotter shadow");
    System.out.println("  listening  http://" + LiveRun.format(listen));
    System.out.println("  primary    " + s.primary().url() + " (answers every client)");
    System.out.println(
        "  secondary  "
            + (s.secondary() != null
                ? s.secondary().url()
                : s.primary().url() + " (asked a second time)"));
    System.out.println("  candidate  " + s.candidate().url());
    System.out.println(
        "  mirroring  "
            + (s.allowSideEffects() ? "every method" : "GET, HEAD and OPTIONS")
            + (s.sampleRate() < 1
                ? String.format(Locale.ROOT, ", %.4g of them", s.sampleRate())
                : "")
            + ", at most "
            + s.maxInFlight()
            + " at once");
    if (stream != null) {
      System.out.println("  stream     " + stream + " (what is mirrored, as the primary answered)");
    }
    admin.ifPresent(
        a -> System.out.println("  admin      http://" + LiveRun.format(a) + "/metrics, /health"));
    if (runId != null) {
      System.out.println("  run        " + runId + " (spotter report --run " + runId + ")");
    }
    System.out.flush();
  }

  private static String status(ProxyServer server, ShadowMirror mirror) {
    return String.format(
        Locale.ROOT,
        "shadow: %,d requests, %,d mirrored, %,d dropped, %,d candidate failures, %,d in flight",
        mirror.requests(),
        mirror.mirrored(),
        mirror.dropped(),
        mirror.candidateFailures(),
        mirror.inFlight());
  }

  private static AdminServer.Health health(ProxyServer server, ShadowMirror mirror) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", "shadow");
    details.put("listen", LiveRun.format(server.address()));
    details.put("requests", mirror.requests());
    details.put("mirrored", mirror.mirrored());
    details.put("dropped", mirror.dropped());
    details.put("inFlight", mirror.inFlight());
    return new AdminServer.Health(
        !server.draining(), server.draining() ? "draining" : "serving", details);
  }
}
