package dev.spotter.cli.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.PathPattern;
import dev.spotter.proxy.UpstreamClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code spotter.yaml}, exactly as written: every key optional, unknown keys and
 * wrong types rejected at load with file, line and key. Defaults are applied where the settings of
 * each feature are built, not here, so "not written" and "written" stay distinguishable.
 */
public record SpotterConfig(
    Targets targets,
    String store,
    String corpus,
    Replay replay,
    Diff diff,
    List<String> endpoints,
    Noise noise,
    Redaction redaction,
    Capture capture,
    Report report,
    Proxy proxy,
    Record record,
    Shadow shadow,
    Canary canary) {

  public SpotterConfig {
    if (endpoints != null) {
      for (int i = 0; i < endpoints.size(); i++) {
        try {
          EndpointPattern.parse(endpoints.get(i));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("endpoints[" + i + "]: " + e.getMessage(), e);
        }
      }
    }
    requireText("store", store);
    requireText("corpus", corpus);
  }

  public static SpotterConfig empty() {
    return new SpotterConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Base URLs of the three builds. */
  public record Targets(String primary, String secondary, String candidate) {
    public Targets {
      TargetUrls.validate("primary", primary);
      TargetUrls.validate("secondary", secondary);
      TargetUrls.validate("candidate", candidate);
    }
  }

  /** How requests are replayed. */
  public record Replay(
      Integer concurrency,
      Double rate,
      DurationValue timeout,
      Boolean allowSideEffects,
      Map<String, String> setHeaders,
      SizeValue maxBodySize,
      Repeats repeats,
      List<String> idempotent,
      Boolean allowUndecided,
      String host) {
    public Replay {
      if (host != null) {
        keyed("host", () -> parseHost(host));
      }
      if (idempotent != null) {
        for (int i = 0; i < idempotent.size(); i++) {
          int at = i;
          keyed("idempotent[" + at + "]", () -> EndpointPattern.parse(idempotent.get(at)));
        }
      }
      if (concurrency != null && (concurrency < 1 || concurrency > 4096)) {
        throw new IllegalArgumentException("concurrency: must lie in 1..4096, not " + concurrency);
      }
      if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
        throw new IllegalArgumentException(
            "rate: requests per second, 0 for no limit; it cannot be " + rate);
      }
      if (setHeaders != null) {
        for (String name : setHeaders.keySet()) {
          String lower = name.toLowerCase(java.util.Locale.ROOT);
          if (lower.equals("host") || lower.equals("content-length")) {
            throw new IllegalArgumentException(
                "setHeaders: "
                    + name
                    + " is set by the replay itself for each target and cannot be set here"
                    + (lower.equals("host") ? "; choose it with host: target|recorded|VALUE" : ""));
          }
        }
      }
    }
  }

  /**
   * How far a check may ask requests again to decide what the recorded traffic left undecided.
   *
   * @param perRequest repeats of one request at most (0 turns asking again off)
   * @param maxExchanges exchanges asked again in all, per check
   * @param maxTime time spent asking again, per check
   */
  public record Repeats(Integer perRequest, Long maxExchanges, DurationValue maxTime) {
    public Repeats {
      if (perRequest != null && (perRequest < 0 || perRequest > 1000)) {
        throw new IllegalArgumentException("perRequest: must lie in 0..1000, not " + perRequest);
      }
      if (maxExchanges != null && maxExchanges < 0) {
        throw new IllegalArgumentException("maxExchanges: must not be negative: " + maxExchanges);
      }
    }
  }

  /** What the diff compares. */
  public record Diff(
      List<String> ignoreHeaders,
      List<String> compareHeaders,
      List<IgnoreRule> ignore,
      List<ArrayRuleConfig> arrays) {}

  /** A path whose differences are dropped, optionally for one endpoint only. */
  public record IgnoreRule(String path, String endpoint) {
    public IgnoreRule {
      if (path == null) {
        throw new IllegalArgumentException(
            "path: an ignore rule needs one, such as /body/servedAt");
      }
      keyed("path", () -> PathPattern.parse(path));
      if (endpoint != null) {
        keyed("endpoint", () -> EndpointPattern.parse(endpoint));
      }
    }
  }

  /** How the array at a path is matched. */
  public record ArrayRuleConfig(String path, String mode, String key, String endpoint) {
    public ArrayRuleConfig {
      if (path == null) {
        throw new IllegalArgumentException("an array rule needs a path, such as /body/items");
      }
      PathPattern.parse(path);
      if (endpoint != null) {
        EndpointPattern.parse(endpoint);
      }
      if (mode == null || !List.of("index", "set", "keyed").contains(mode)) {
        throw new IllegalArgumentException(
            "mode must be index, set or keyed, not "
                + (mode == null ? "missing" : "'" + mode + "'"));
      }
      if (mode.equals("keyed") == (key == null || key.isBlank())) {
        throw new IllegalArgumentException(
            mode.equals("keyed")
                ? "a keyed array rule needs key: the field that identifies an element"
                : "key only applies to mode: keyed");
      }
    }
  }

  /** Thresholds of the noise judgement. */
  public record Noise(
      Double minRelativeExcess,
      Double minAbsoluteExcess,
      Double significance,
      Integer examplesPerFinding) {
    public Noise {
      fraction("minRelativeExcess", minRelativeExcess);
      fraction("minAbsoluteExcess", minAbsoluteExcess);
      if (significance != null && !(significance > 0 && significance < 1)) {
        throw new IllegalArgumentException(
            "significance: must lie strictly between 0 and 1, not " + significance);
      }
      if (examplesPerFinding != null && (examplesPerFinding < 1 || examplesPerFinding > 100)) {
        throw new IllegalArgumentException(
            "examplesPerFinding: must lie in 1..100, not " + examplesPerFinding);
      }
    }

    private static void fraction(String name, Double v) {
      if (v != null && !(v >= 0 && v < 1)) {
        throw new IllegalArgumentException(
            name + ": a fraction in [0, 1), such as 0.2 for 20 %, not " + v);
      }
    }
  }

  /** What is redacted before anything reaches disk. */
  public record Redaction(
      List<String> headers,
      @JsonProperty("queryParams") List<String> queryParams,
      List<String> bodyPaths,
      String marker,
      Boolean keepDefaults,
      List<String> names,
      List<String> patterns) {
    public Redaction {
      if (patterns != null) {
        for (String p : patterns) {
          if (p == null || p.isEmpty()) {
            throw new IllegalArgumentException("patterns: a pattern cannot be empty");
          }
          try {
            java.util.regex.Pattern.compile(p);
          } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "patterns: '"
                    + p
                    + "' is not a regular expression: "
                    + e.getDescription()
                    + " near index "
                    + e.getIndex());
          }
        }
      }
      if (bodyPaths != null) {
        for (String p : bodyPaths) {
          if (p == null || !p.startsWith("/")) {
            throw new IllegalArgumentException(
                "bodyPaths: a body path is a JSON Pointer into the body such as /password, not '"
                    + p
                    + "'");
          }
        }
      }
      if (marker != null && marker.isEmpty()) {
        throw new IllegalArgumentException("marker: cannot be empty");
      }
    }
  }

  /** Limits on what is captured. */
  public record Capture(SizeValue maxBodySize) {}

  /** Where reports go. */
  public record Report(String dir) {
    public Report {
      requireText("dir", dir);
    }
  }

  /**
   * How the live modes (record, shadow) listen, protect themselves and forward to the primary.
   * Every key has a command-line option of the same meaning that wins over it.
   */
  public record Proxy(
      String listen,
      String admin,
      SizeValue maxHeaderSize,
      SizeValue maxRequestLine,
      DurationValue headerTimeout,
      DurationValue idleTimeout,
      DurationValue bodyTimeout,
      DurationValue sendTimeout,
      DurationValue upstreamTimeout,
      DurationValue connectTimeout,
      Integer maxConnections,
      DurationValue drainTimeout,
      Boolean preserveHost,
      Boolean forwardedHeaders) {
    public Proxy {
      bytes("maxHeaderSize", maxHeaderSize, 1024, 1024 * 1024);
      bytes("maxRequestLine", maxRequestLine, 256, 1024 * 1024);
      keyed("listen", () -> ListenText.validate(listen, false));
      keyed("admin", () -> ListenText.validate(admin, true));
      if (maxConnections != null && (maxConnections < 1 || maxConnections > 1_000_000)) {
        throw new IllegalArgumentException(
            "maxConnections: must lie in 1..1000000, not " + maxConnections);
      }
    }
  }

  /** What {@code spotter record} keeps. */
  public record Record(
      String target,
      Double sample,
      List<String> methods,
      List<String> paths,
      List<String> exclude,
      Integer queue,
      SizeValue queueBytes,
      DurationValue flushInterval) {
    public Record {
      TargetUrls.validate("target", target);
      share("sample", sample);
      patterns("paths", paths);
      patterns("exclude", exclude);
      if (queue != null && (queue < 1 || queue > 10_000_000)) {
        throw new IllegalArgumentException("queue: must lie in 1..10000000, not " + queue);
      }
      if (flushInterval != null && flushInterval.duration().compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "flushInterval: at most 1m, so that little is lost in a crash, not "
                + flushInterval.duration());
      }
    }
  }

  /** How {@code spotter shadow} mirrors live traffic. */
  public record Shadow(
      Boolean allowSideEffects,
      Double sample,
      Integer queue,
      SizeValue queueBytes,
      DurationValue mirrorTimeout,
      SizeValue maxBodySize,
      Integer connections,
      DurationValue snapshotInterval) {
    public Shadow {
      share("sample", sample);
      if (queue != null && (queue < 1 || queue > 1_000_000)) {
        throw new IllegalArgumentException("queue: must lie in 1..1000000, not " + queue);
      }
      if (connections != null && (connections < 1 || connections > 10_000)) {
        throw new IllegalArgumentException("connections: must lie in 1..10000, not " + connections);
      }
      bytes("queueBytes", queueBytes, 1024, Long.MAX_VALUE);
      bytes("maxBodySize", maxBodySize, 1, UpstreamClientSettings.MAX_BODY_BYTES_LIMIT);
      if (snapshotInterval != null && snapshotInterval.duration().toMillis() < 100) {
        throw new IllegalArgumentException(
            "snapshotInterval: at least 100ms, not " + snapshotInterval.duration());
      }
    }
  }

  /**
   * How {@code spotter canary} moves users to the new build and judges it. Checked as a whole at
   * load: steps that do not rise, weights that do not add up, unknown metric kinds and malformed
   * hooks are refused before any traffic moves.
   */
  public record Canary(
      String name,
      String baseline,
      String canary,
      List<Double> steps,
      DurationValue stepDuration,
      DurationValue judgeEvery,
      Integer maxExtensions,
      String key,
      String overrideHeader,
      Double alpha,
      Integer minSamples,
      Double passScore,
      Double marginalScore,
      List<CanaryMetric> metrics,
      CanaryHooks hooks,
      Integer aaResplits,
      String report,
      CanaryPrometheus prometheus) {
    public Canary {
      TargetUrls.validate("baseline", baseline);
      TargetUrls.validate("canary", canary);
      if (steps != null) {
        keyed("steps", () -> CanaryConfigs.basisPoints(steps));
      }
      if (key != null) {
        keyed("key", () -> dev.spotter.canary.RoutingKey.parse(key));
      }
      requireText("overrideHeader", overrideHeader);
      requireText("report", report);
      if (maxExtensions != null && (maxExtensions < 0 || maxExtensions > 1000)) {
        throw new IllegalArgumentException(
            "maxExtensions: must lie in 0..1000, not " + maxExtensions);
      }
      if (aaResplits != null && (aaResplits < 0 || aaResplits > 10_000)) {
        throw new IllegalArgumentException("aaResplits: must lie in 0..10000, not " + aaResplits);
      }
      // the judge's own checks, with the steps as configured (or the default ones)
      CanaryConfigs.judgeSettings(
          metrics,
          alpha,
          minSamples,
          passScore,
          marginalScore,
          CanaryConfigs.judgedSteps(steps),
          null,
          null);
    }
  }

  /**
   * One metric the canary judge compares.
   *
   * @param kind {@code error-rate}, {@code latency} or {@code value}
   * @param quantile for latency and value: compare this quantile (0.99) instead of the location
   * @param source for value: {@code header:NAME}, a number each answer carries
   * @param direction for value: {@code higher-is-worse} (default) or {@code lower-is-worse}
   * @param slo a hard limit on the canary's own value (a fraction for error-rate, ms for latency)
   */
  public record CanaryMetric(
      String name,
      String kind,
      Double quantile,
      String source,
      String direction,
      CanaryEffect minEffect,
      Double weight,
      Boolean critical,
      Double slo) {}

  /**
   * Worse by more than {@code relative} (0.10 = 10 %) of the baseline and by more than {@code
   * absolute}.
   */
  public record CanaryEffect(Double relative, Double absolute) {}

  /**
   * A Prometheus-compatible query API that value metrics with a {@code prometheus:QUERY} source
   * read from; {@code ${arm}} in a query becomes {@code baselineLabel} or {@code canaryLabel}.
   */
  public record CanaryPrometheus(
      String url, String baselineLabel, String canaryLabel, DurationValue timeout) {
    public CanaryPrometheus {
      TargetUrls.validate("url", url);
      if (url == null) {
        throw new IllegalArgumentException("url: the query API's base URL is needed");
      }
      requireText("baselineLabel", baselineLabel);
      requireText("canaryLabel", canaryLabel);
    }
  }

  /** The hooks of a canary run. */
  public record CanaryHooks(CanaryHook preStep, CanaryHook promotion, CanaryHook rollback) {}

  /** A command or a webhook URL (one of them), and how long it may take (default 30s). */
  public record CanaryHook(String command, String url, DurationValue timeout) {
    public CanaryHook {
      if ((command == null) == (url == null)) {
        throw new IllegalArgumentException(
            "a hook has either a command or a url, not both or none");
      }
      requireText("command", command);
      if (url != null) {
        TargetUrls.validate("url", url);
      }
    }
  }

  private static void bytes(String key, SizeValue v, long min, long max) {
    if (v != null && (v.bytes() < min || v.bytes() > max)) {
      throw new IllegalArgumentException(
          key + ": must lie in " + min + ".." + max + " bytes, not " + v.bytes());
    }
  }

  private static void share(String key, Double v) {
    if (v != null && !(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(
          key + ": a share in (0, 1], such as 0.05 for 5 %, not " + v);
    }
  }

  private static void patterns(String key, List<String> patterns) {
    if (patterns != null) {
      for (int i = 0; i < patterns.size(); i++) {
        int at = i;
        keyed(key + "[" + at + "]", () -> EndpointPattern.parse(patterns.get(at)));
      }
    }
  }

  private static void requireText(String key, String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(key + ": cannot be empty");
    }
  }

  /** Runs a check and names the key in its message, so the error points at that key's line. */
  private static void parseHost(String host) {
    try {
      dev.spotter.replay.HostChoice.parse(host);
    } catch (dev.spotter.model.SpotterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void keyed(String key, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
