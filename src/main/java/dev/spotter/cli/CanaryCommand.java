package dev.spotter.cli;

import dev.spotter.canary.CanaryController;
import dev.spotter.canary.CanaryJournal;
import dev.spotter.canary.CanaryPlan;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.CanarySession;
import dev.spotter.canary.Hook;
import dev.spotter.canary.Hooks;
import dev.spotter.canary.PrometheusSource;
import dev.spotter.canary.RoutingKey;
import dev.spotter.canary.RunVerdict;
import dev.spotter.canary.judge.JudgeSettings;
import dev.spotter.cli.config.CanaryConfigs;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.AdminServer;
import dev.spotter.proxy.ExchangeObserver;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.proxy.Reachability;
import dev.spotter.report.CanaryReportWriter;
import dev.spotter.store.Store;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spotter canary}: a proxy in front of the baseline that sends a growing, sticky share of
 * users to the canary, judges the two arms every few seconds, rolls back at the first failing
 * judgement and promotes when every step passed.
 */
// --version is what the canary runs here, so picocli's own -V/--version cannot be mixed in
@Command(
    name = "canary",
    subcommands = {
      CanaryStatusCommand.class,
      CanaryOperatorCommand.Promote.class,
      CanaryOperatorCommand.Abort.class,
      CanaryOperatorCommand.Resume.class
    },
    description = {
      "Stand in front of the baseline and move a growing, sticky share of users to the canary"
          + " (steps of 1, 5, 25, 50, 100 %% by default), judging both arms every few seconds:"
          + " a failing judgement sends everyone back to the baseline at once; when every step"
          + " passed the canary gets all users. The run is kept in the store and resumed after a"
          + " restart.",
      "Exit code 0: promoted (the canary reached 100 %%; in A/A mode, completed without a false"
          + " alarm); 1: rolled back or aborted; 2: usage, configuration or operational error,"
          + " stopped before a verdict (resumable), or an A/A run with too little traffic to"
          + " show anything."
    })
final class CanaryCommand implements Callable<Integer> {
  static final String DEFAULT_OVERRIDE_HEADER = "X-Spotter-Canary";
  static final Duration DEFAULT_STEP = Duration.ofMinutes(5);
  static final Duration DEFAULT_JUDGE_EVERY = Duration.ofSeconds(5);
  static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_EXTENSIONS = 3;
  static final int DEFAULT_AA_RESPLITS = 200;

  @Mixin CommonOptions common;
  @Mixin ProxyOptions proxy;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--baseline", paramLabel = "URL", description = "base URL of the current build")
  String baseline;

  @Option(
      names = "--canary",
      paramLabel = "URL",
      description = "base URL of the new build (not with --aa)")
  String canary;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "the run's name; a run of this name that is not over is resumed (default: from the"
              + " canary's host and port)")
  String name;

  @Option(
      names = "--steps",
      paramLabel = "PERCENTS",
      split = ",",
      description = "the canary's share per step, rising to 100 (default 1,5,25,50,100)")
  List<Double> steps;

  @Option(
      names = "--step-duration",
      paramLabel = "DURATION",
      description = "how long each step runs before it is decided, such as 20s or 5m (default 5m)")
  String stepDuration;

  @Option(
      names = "--judge-every",
      paramLabel = "DURATION",
      description =
          "how often the judge looks at the step's data, at most a step's duration (default 5s,"
              + " or the step's duration when that is shorter)")
  String judgeEvery;

  @Option(
      names = "--max-extensions",
      paramLabel = "N",
      description =
          "times an inconclusive step is extended before the run is held for an operator"
              + " (default 3)")
  Integer maxExtensions;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "what keeps a user on one arm: header:NAME, cookie:NAME or client-address (default)")
  String key;

  @Option(
      names = "--override-header",
      paramLabel = "NAME",
      description =
          "a request with this header set to 1/true/canary goes to the canary, for testers"
              + " (default "
              + DEFAULT_OVERRIDE_HEADER
              + "; 'off' for none)")
  String overrideHeader;

  @Option(
      names = "--alpha",
      paramLabel = "LEVEL",
      description = "false-alarm level for the whole run (default 0.05)")
  Double alpha;

  @Option(
      names = "--min-samples",
      paramLabel = "N",
      description = "requests each arm needs before a metric is judged (default 50)")
  Integer minSamples;

  @Option(
      names = "--aa",
      description =
          "A/A mode: judge the baseline against itself (no --canary) and report the observed"
              + " false-alarm rate of this configuration on this traffic")
  boolean aaMode;

  @Option(
      names = "--aa-resplits",
      paramLabel = "N",
      description = "in A/A mode, re-splits of the traffic that estimate the rate (default 200)")
  Integer aaResplits;

  @Option(
      names = "--pre-step-hook",
      paramLabel = "CMD|URL",
      description =
          "asked before each step: a command (exit 0 continues) or an http(s) webhook (2xx"
              + " continues); anything else holds the run")
  String preStepHook;

  @Option(
      names = "--promotion-hook",
      paramLabel = "CMD|URL",
      description = "asked before the canary gets all users, like --pre-step-hook")
  String promotionHook;

  @Option(
      names = "--rollback-hook",
      paramLabel = "CMD|URL",
      description = "told after a rollback or abort")
  String rollbackHook;

  @Option(
      names = "--hook-timeout",
      paramLabel = "DURATION",
      description = "how long a hook may take (default 30s)")
  String hookTimeout;

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      description =
          "a Prometheus-compatible query API that value metrics with a prometheus:QUERY source"
              + " read from at each look (default: canary.prometheus.url)")
  String prometheusUrl;

  @Option(
      names = "--version",
      paramLabel = "V",
      description =
          "what the canary runs, for the deployment this run records (default: the run's name)")
  String version;

  @Option(
      names = "--commit-time",
      paramLabel = "TIME",
      description = "when the canary's change was first committed, for DORA's change lead time")
  String commitTimeText;

  @Option(
      names = "--keep-serving",
      description =
          "after the verdict keep proxying (all users on the canary, or on the baseline after a"
              + " rollback) until stopped, instead of draining and exiting")
  boolean keepServing;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "where report.json and report.html are written (default: spotter-report)")
  Path reportDir;

  @Override
  public Integer call() {
    Wiring wiring = common.wiring();
    SpotterConfig.Canary c = canaryConfig(wiring);
    CanaryPlan plan = plan(wiring, c);
    java.time.Instant commitTime = commitTime(); // a typo must stop the run before it starts
    ProxySettings proxySettings = proxy.settings(wiring, plan.baseline(), 0);
    ProxyOptions.Lifecycle lifecycle = proxy.lifecycle(wiring);
    Path reports = wiring.reportDir(reportDir != null ? reportDir : configuredReport(c));
    requireBaseline(plan.baseline());
    if (!plan.aaMode()) {
      warnIfUnreachable(plan.canary());
    }
    try (Store store = common.openStore();
        LiveRun live = new LiveRun()) {
      CanaryJournal journal = new CanaryJournal(store, Clock.systemUTC());
      CanarySession session = CanarySession.open(plan, journal, Clock.systemUTC());
      CanaryController controller = session.controller();
      ProxyServer server =
          ProxyServer.start(
              proxySettings,
              ExchangeObserver.NONE,
              new ProxyMetrics(live.registry()),
              session.routing());
      AtomicReference<CanaryResult> outcome = new AtomicReference<>();
      AtomicReference<Throwable> crash = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  outcome.set(controller.run());
                } catch (RuntimeException | Error e) {
                  crash.set(e);
                } finally {
                  if (!keepServing || outcome.get() == null || !outcome.get().state().over()) {
                    live.stopFor("verdict");
                  }
                }
              },
              "spotter-canary");
      try {
        live.registry().gauge("spotter_canary_share_percent", controller, c2 -> c2.canaryPercent());
        Optional<InetSocketAddress> admin =
            live.startAdmin(lifecycle.admin(), () -> health(server, controller));
        printStart(plan, server.address(), admin, session);
        live.catchSignals();
        runner.start();
        String why = live.awaitStop(lifecycle.duration(), () -> status(controller));
        if (!why.equals("verdict")) {
          controller.stop();
        }
        joinQuietly(runner);
        System.out.println("Stopping (" + why + "): draining requests in flight...");
        server.drain(lifecycle.drainTimeout());
      } finally {
        controller.stop();
        server.close();
      }
      CanaryResult result = outcome.get() != null ? outcome.get() : controller.snapshot();
      List<Path> written = CanaryReportWriter.writeAll(result, reports);
      if (crash.get() != null) {
        throw new SpotterException(
            "canary.crashed",
            "the canary run stopped on an internal error ("
                + crash.get()
                + "); its record is in the store and it resumes when started again; report: "
                + reports,
            false,
            crash.get());
      }
      RunRecords.saveCanary(store, result);
      CanaryHistory.record(store, result, deployedVersion(plan), commitTime);
      printResult(result, written, session);
      return exitCode(result);
    }
  }

  private String deployedVersion(CanaryPlan plan) {
    return version != null && !version.isBlank() ? version.strip() : plan.name();
  }

  private java.time.Instant commitTime() {
    return commitTimeText == null ? null : IncidentFields.time("--commit-time", commitTimeText);
  }

  static int exitCode(CanaryResult result) {
    if (result.verdict() == null) {
      return ExitCode.ERROR; // stopped before a verdict: resumable
    }
    if (result.verdict() == RunVerdict.NO_EVIDENCE) {
      return ExitCode.ERROR; // an A/A run that showed nothing has proven nothing
    }
    return result.verdict() == RunVerdict.PROMOTED ? ExitCode.OK : ExitCode.REGRESSIONS;
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The run's plan: options first, then the {@code canary:} section, then the defaults. */
  CanaryPlan plan(Wiring wiring, SpotterConfig.Canary c) {
    String baselineUrl = baseline != null ? baseline : c.baseline();
    String canaryUrl = canary != null ? canary : c.canary();
    if (baselineUrl == null) {
      throw new SpotterException(
          "usage", "canary needs --baseline URL (or canary.baseline in spotter.yaml)");
    }
    if (aaMode && canary != null) {
      throw OptionValues.usage(
          "--aa", "A/A mode judges the baseline against itself; drop --canary");
    }
    if (!aaMode && canaryUrl == null) {
      throw new SpotterException(
          "usage",
          "canary needs --canary URL (or canary.canary in spotter.yaml), or --aa to judge the"
              + " baseline against itself");
    }
    ForwardTarget base = OptionValues.url("--baseline", baselineUrl);
    ForwardTarget can = aaMode ? base : OptionValues.url("--canary", canaryUrl);
    List<Integer> basisPoints =
        steps != null
            ? OptionValues.parse("--steps", () -> CanaryConfigs.basisPoints(steps))
            : c.steps() != null ? CanaryConfigs.basisPoints(c.steps()) : CanaryPlan.DEFAULT_STEPS;
    int judged = CanaryPlan.judgedSteps(basisPoints);
    JudgeSettings judge =
        alpha == null && minSamples == null
            ? CanaryConfigs.judgeSettings(c, judged, null, null)
            : OptionValues.parse(
                alpha != null ? "--alpha" : "--min-samples",
                () -> CanaryConfigs.judgeSettings(c, judged, alpha, minSamples));
    Duration step =
        stepDuration != null
            ? OptionValues.duration("--step-duration", stepDuration)
            : c.stepDuration() != null ? c.stepDuration().duration() : DEFAULT_STEP;
    Duration every =
        judgeEvery != null
            ? OptionValues.duration("--judge-every", judgeEvery)
            : c.judgeEvery() != null ? c.judgeEvery().duration() : DEFAULT_JUDGE_EVERY;
    if (every.compareTo(step) > 0) {
      if (judgeEvery == null && c.judgeEvery() == null) {
        every = step; // only the default adapts to a short step: look at least once per step
      } else {
        throw judgeEveryTooLong(every, step);
      }
    }
    int extensions =
        maxExtensions != null
            ? OptionValues.within("--max-extensions", maxExtensions, 0, 1000)
            : c.maxExtensions() != null ? c.maxExtensions() : DEFAULT_MAX_EXTENSIONS;
    RoutingKey routingKey =
        key != null
            ? OptionValues.parse("--key", () -> RoutingKey.parse(key))
            : c.key() != null ? RoutingKey.parse(c.key()) : RoutingKey.CLIENT;
    String override = overrideHeader != null ? overrideHeader : c.overrideHeader();
    if (override == null) {
      override = DEFAULT_OVERRIDE_HEADER;
    } else if (override.trim().equalsIgnoreCase("off")) {
      override = null;
    }
    int resplits =
        aaResplits != null
            ? OptionValues.within("--aa-resplits", aaResplits, 0, 10_000)
            : c.aaResplits() != null ? c.aaResplits() : DEFAULT_AA_RESPLITS;
    String runName = name != null ? name : c.name() != null ? c.name() : defaultName(can, aaMode);
    Duration judgeInterval = every;
    String overrideName = override;
    Hooks hooks = hooks(c);
    PrometheusSource prometheus = prometheus(c);
    // what the plan itself refuses (a run name, a metric without its query API) names its key
    return OptionValues.parse(
        "canary",
        () ->
            new CanaryPlan(
                runName,
                base,
                can,
                aaMode,
                basisPoints,
                step,
                judgeInterval,
                extensions,
                routingKey,
                overrideName,
                judge,
                hooks,
                resplits,
                prometheus));
  }

  /** Names the keys the two durations came from, and what to do. */
  private SpotterException judgeEveryTooLong(Duration every, Duration step) {
    String everyFrom = judgeEvery != null ? "--judge-every" : "canary.judgeEvery in the config";
    String stepFrom =
        stepDuration != null
            ? "--step-duration"
            : "canary.stepDuration in the config, or the default";
    return new SpotterException(
        "usage",
        everyFrom
            + ": the judge would look every "
            + Reachability.human(every)
            + ", longer than a step of "
            + Reachability.human(step)
            + " ("
            + stepFrom
            + "), so a step could end without a single look; give at most "
            + Reachability.human(step)
            + ", or lengthen the steps");
  }

  private PrometheusSource prometheus(SpotterConfig.Canary c) {
    SpotterConfig.CanaryPrometheus p = c.prometheus();
    String url = prometheusUrl != null ? prometheusUrl : p != null ? p.url() : null;
    if (url == null) {
      return null;
    }
    if (prometheusUrl != null) {
      OptionValues.url("--prometheus", prometheusUrl); // an http(s) base URL, or a clear error
    }
    return new PrometheusSource(
        URI.create(url.trim()),
        p != null && p.baselineLabel() != null ? p.baselineLabel() : "baseline",
        p != null && p.canaryLabel() != null ? p.canaryLabel() : "canary",
        p != null && p.timeout() != null ? p.timeout().duration() : Duration.ofSeconds(2));
  }

  private Hooks hooks(SpotterConfig.Canary c) {
    Duration timeout =
        hookTimeout != null
            ? OptionValues.duration("--hook-timeout", hookTimeout)
            : DEFAULT_HOOK_TIMEOUT;
    SpotterConfig.CanaryHooks h =
        c.hooks() != null ? c.hooks() : new SpotterConfig.CanaryHooks(null, null, null);
    return new Hooks(
        hook("--pre-step-hook", preStepHook, h.preStep(), timeout),
        hook("--promotion-hook", promotionHook, h.promotion(), timeout),
        hook("--rollback-hook", rollbackHook, h.rollback(), timeout));
  }

  private static Hook hook(
      String option, String text, SpotterConfig.CanaryHook configured, Duration timeout) {
    if (text != null) {
      String t = text.trim();
      if (t.startsWith("http://") || t.startsWith("https://")) {
        return OptionValues.parse(option, () -> new Hook.Webhook(URI.create(t), timeout));
      }
      return OptionValues.parse(option, () -> new Hook.Command(t, timeout));
    }
    if (configured == null) {
      return null;
    }
    Duration d = configured.timeout() != null ? configured.timeout().duration() : timeout;
    return configured.url() != null
        ? new Hook.Webhook(URI.create(configured.url().trim()), d)
        : new Hook.Command(configured.command(), d);
  }

  /** {@code canary-HOST-PORT}: one run per canary, resumed when started again. */
  static String defaultName(ForwardTarget canary, boolean aa) {
    String host = canary.upstream().host().replaceAll("[^A-Za-z0-9.-]", "-");
    return (aa ? "aa-" : "canary-") + host + "-" + canary.upstream().port();
  }

  private static SpotterConfig.Canary canaryConfig(Wiring wiring) {
    SpotterConfig.Canary c = wiring.config().canary();
    return c != null
        ? c
        : new SpotterConfig.Canary(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);
  }

  private static Path configuredReport(SpotterConfig.Canary c) {
    return c.report() == null ? null : Path.of(c.report());
  }

  /** Without a baseline every client would get 502: refuse to start. */
  private static void requireBaseline(ForwardTarget baseline) {
    Reachability.problemWith(baseline.upstream(), Duration.ofSeconds(5))
        .ifPresent(
            why -> {
              throw new SpotterException(
                  "canary.unreachable",
                  "the baseline at " + baseline.url() + " cannot be reached: " + why);
            });
  }

  /** A canary that is down costs no client anything (its requests go to the baseline). */
  private static void warnIfUnreachable(ForwardTarget canary) {
    Reachability.problemWith(canary.upstream(), Duration.ofSeconds(2))
        .ifPresent(
            why ->
                System.err.println(
                    "spotter: warning: the canary at "
                        + canary.url()
                        + " cannot be reached ("
                        + why
                        + "); its users are served by the baseline, and the run will be rolled"
                        + " back as soon as traffic arrives"));
  }

  private static void printStart(
      CanaryPlan plan,
      InetSocketAddress listen,
      Optional<InetSocketAddress> admin,
      CanarySession session) {
    System.out.println("Spotter canary" + (plan.aaMode() ? " (A/A)" : ""));
    System.out.println("  listening  http://" + LiveRun.format(listen));
    System.out.println("  baseline   " + plan.baseline().url());
    System.out.println(
        "  canary     "
            + (plan.aaMode()
                ? plan.baseline().url() + " (A/A: the baseline again)"
                : plan.canary().url()));
    System.out.println(
        "  steps      "
            + plan.stepBasisPoints().stream().map(b -> CanaryPlan.percentText(b / 100.0)).toList()
            + " %, "
            + Reachability.human(plan.stepDuration())
            + " each, judged every "
            + Reachability.human(plan.judgeEvery()));
    System.out.println(
        "  users      by "
            + plan.key()
            + (plan.overrideHeader() != null
                ? "; '" + plan.overrideHeader() + ": 1' forces the canary"
                : ""));
    System.out.println(
        "  run        "
            + plan.name()
            + session
                .resumed()
                .map(e -> " (resumed at step " + (e.stepIndex() + 1) + ")")
                .orElse(""));
    admin.ifPresent(
        a -> System.out.println("  admin      http://" + LiveRun.format(a) + "/metrics, /health"));
    System.out.flush();
  }

  private static void printResult(CanaryResult result, List<Path> written, CanarySession session) {
    String verdict =
        result.verdict() == null ? "no verdict (stopped; resumable)" : result.verdict().wireName();
    System.out.println();
    System.out.println("Canary " + result.name() + ": " + verdict.toUpperCase(Locale.ROOT));
    System.out.println("  " + result.reason());
    if (result.falseAlarms() != null) {
      var f = result.falseAlarms();
      System.out.printf(
          Locale.ROOT,
          "  A/A false alarms: %d of %d re-splits (%.1f %%, 95 %% upper bound %.1f %%) against"
              + " alpha %.1f %%; %s of the re-splits reached a decision%n",
          f.falseAlarms(),
          f.runs(),
          f.rate() * 100,
          f.upper95() * 100,
          f.alpha() * 100,
          f.decided() == null ? "an unknown number" : f.decided().toString());
    } else if (result.aaMode() && result.verdict() != null) {
      System.out.println("  A/A false alarms: unknown (no re-split of the traffic was judged)");
    }
    if (session.reroutedRequests() > 0) {
      System.out.println(
          "  "
              + session.reroutedRequests()
              + " requests of canary users were served by the baseline: the canary could not be"
              + " connected to");
    }
    if (session.forcedRequests() > 0) {
      System.out.println(
          "  " + session.forcedRequests() + " requests forced onto the canary (not judged)");
    }
    for (Path p : written) {
      System.out.println("  report     " + p);
    }
  }

  private static String status(CanaryController controller) {
    CanaryResult r = controller.snapshot();
    return "canary: "
        + r.state().wireName()
        + ", "
        + CanaryPlan.percentText(controller.canaryPercent())
        + " % of users on the canary; "
        + r.reason();
  }

  private static AdminServer.Health health(ProxyServer server, CanaryController controller) {
    CanaryResult r = controller.snapshot();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", r.aaMode() ? "canary-aa" : "canary");
    details.put("listen", LiveRun.format(server.address()));
    details.put("run", r.name());
    details.put("state", r.state().wireName());
    details.put("canaryPercent", controller.canaryPercent());
    details.put("reason", r.reason());
    return new AdminServer.Health(
        !server.draining(), server.draining() ? "draining" : "serving", details);
  }
}
