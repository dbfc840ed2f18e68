package dev.spotter.cli;

import dev.spotter.capture.ExchangeFormat;
import dev.spotter.cli.config.DurationValue;
import dev.spotter.cli.config.SizeValue;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.fleet.CheckJobSettings;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.HostChoice;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter check}: replay a corpus or a file against primary, secondary and candidate. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Replay recorded requests against the old build (primary), a second copy of it"
          + " (secondary) and the new build (candidate), take out the noise, and report what"
          + " the candidate changes.",
      "Active guards (spotter guard) are sent too, and are part of the verdict.",
      "Exit code 0: no regression; 1: regressions found or a guard failed; 2: usage,"
          + " configuration or operational error (for example a target that never answers), or"
          + " no verdict because findings stayed undecided (0 with --allow-undecided; the"
          + " verdict still says undecided)."
    })
final class CheckCommand implements Callable<Integer> {
  private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(5);
  private static final int CORPUS_PARTITIONS = 12;

  @Mixin CommonOptions common;

  @Option(names = "--primary", paramLabel = "URL", description = "base URL of the old build")
  String primary;

  @Option(
      names = "--secondary",
      paramLabel = "URL",
      description =
          "base URL of a second copy of the old build (without it the primary is asked twice)")
  String secondary;

  @Option(names = "--candidate", paramLabel = "URL", description = "base URL of the new build")
  String candidate;

  @ArgGroup(exclusive = true)
  Source source = new Source();

  static final class Source {
    @Option(
        names = "--corpus",
        paramLabel = "NAME",
        description =
            "corpus in the store to replay (default: corpus in spotter.yaml, else 'default')")
    String corpus;

    @Option(names = "--har", paramLabel = "FILE", description = "replay a HAR file directly")
    Path har;

    @Option(
        names = "--jsonl",
        paramLabel = "FILE",
        description = "replay a Spotter JSONL file directly")
    Path jsonl;

    @Option(
        names = "--from",
        paramLabel = "kafka://HOST:PORT/TOPIC",
        description =
            "replay the records a Kafka topic holds now (published by record/shadow --sink);"
                + " see --wait-for-workers")
    String from;
  }

  @Option(
      names = "--via",
      paramLabel = "kafka://HOST:PORT/TOPIC",
      description =
          "with --corpus: publish the corpus to a new topic TOPIC-<time> (12 partitions) and"
              + " check it from there, so that `spotter worker` processes can share it (see"
              + " --wait-for-workers)")
  String via;

  @Option(
      names = "--wait-for-workers",
      description =
          "with --from: leave the replay to `spotter worker` processes sharing this store, and"
              + " judge and report what they stored (default: replay in this process)")
  boolean waitForWorkers;

  @Option(
      names = "--stall-timeout",
      paramLabel = "DURATION",
      description =
          "with --from: give the check up when no exchange was replayed for this long"
              + " (default 5m)")
  String stallTimeout;

  @Option(
      names = "--claim-timeout",
      paramLabel = "DURATION",
      description =
          "with --from: how long a request to ask again stays with a worker that stopped renewing"
              + " its claim (it died) before another worker takes it over (1s..1h, default 30s)")
  String claimTimeout;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "where to write report.json, report.html, junit.xml, summary.md (default: spotter-report)")
  Path reportDir;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "exchanges in flight at most (default 16)")
  Integer concurrency;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      description = "exchanges started per second at most (default: no limit)")
  Double rate;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "per request timeout, such as 500ms or 10s (default 10s)")
  String timeout;

  @Option(
      names = "--allow-side-effects",
      description = "also replay methods other than GET, HEAD and OPTIONS")
  Boolean allowSideEffects;

  @Option(
      names = "--set-header",
      paramLabel = "'NAME: VALUE'",
      description =
          "set a header on every replayed request, for example a test token where credentials"
              + " were redacted (repeatable)")
  List<String> setHeaders = new ArrayList<>();

  @Option(
      names = "--host",
      paramLabel = "target|recorded|VALUE",
      description =
          "the Host each target is sent: its own host and port (target, the default), the"
              + " recorded request's (recorded), or VALUE; the diff reads each answer's own origin"
              + " as {origin}, so URLs built from it compare by what they point at")
  String host;

  @Option(
      names = "--max-body-size",
      paramLabel = "SIZE",
      description = "response body kept per answer, such as 10MiB (default 10MiB)")
  String maxBodySize;

  @Mixin UndecidedOptions undecided = new UndecidedOptions();

  @Option(
      names = "--skip-invalid",
      description = "with --har/--jsonl: skip entries that cannot be read instead of stopping")
  boolean skipInvalid;

  @Override
  public Integer call() {
    Wiring wiring = common.wiring();
    ReplaySettings settings = replaySettings(wiring);
    Path reportDir = wiring.reportDir(this.reportDir);
    System.out.println("Spotter check");
    System.out.println("  primary    " + settings.primary());
    System.out.println(
        "  secondary  "
            + (settings.hasSecondary()
                ? settings.secondary()
                : settings.primary() + " (asked twice)"));
    System.out.println("  candidate  " + settings.candidate());
    if (via != null && (source.har != null || source.jsonl != null || source.from != null)) {
      throw OptionValues.usage("--via", "publishes a corpus of the store: use it with --corpus");
    }
    boolean streamed = source.from != null || via != null;
    if (!streamed && (waitForWorkers || stallTimeout != null || claimTimeout != null)) {
      throw OptionValues.usage(
          waitForWorkers
              ? "--wait-for-workers"
              : stallTimeout != null ? "--stall-timeout" : "--claim-timeout",
          "only a check --from kafka://HOST:PORT/TOPIC (or --corpus NAME --via kafka://...) is"
              + " shared with workers");
    }
    try (Store store = common.openStore()) {
      // guards run inside the check, before its verdict: see CheckRun.finish
      CheckRun run =
          new CheckRun(wiring, settings, System.out)
              .withGuards()
              .withUndecidedPolicy(
                  undecided.repeatSettings(wiring, "check.usage"),
                  undecided.allowUndecided(wiring));
      if (streamed) {
        KafkaAddress stream =
            source.from != null
                ? IngestCommand.address("--from", source.from)
                : publishCorpus(store, wiring.corpus(source.corpus));
        Duration stall =
            stallTimeout == null
                ? DEFAULT_STALL_TIMEOUT
                : OptionValues.duration("--stall-timeout", stallTimeout);
        return new StreamCheckRun(run, settings, System.out)
            .run(
                stream,
                waitForWorkers ? 0 : 1,
                stall,
                claimTimeout(),
                reportDir,
                store,
                common.storePath())
            .exitCode();
      }
      if (source.har != null || source.jsonl != null) {
        Path file = source.har != null ? source.har : source.jsonl;
        ExchangeFormat format = source.har != null ? ExchangeFormat.HAR : ExchangeFormat.JSONL;
        long cap = wiring.captureBodyCap();
        long expected = FileExchanges.validate(file, format, skipInvalid, cap);
        requireSomething(expected, "the file " + file);
        System.out.println("  requests   " + expected + " from " + file);
        try (FileExchanges exchanges = FileExchanges.open(file, format, skipInvalid, cap)) {
          return run.run(
                  exchanges,
                  expected,
                  "file " + file.getFileName(),
                  reportDir,
                  store,
                  exchanges::skipped)
              .exitCode();
        }
      }
      String corpus = wiring.corpus(source.corpus);
      try (ExchangeCursor cursor = store.read(corpus)) {
        requireSomething(cursor.expectedCount(), "corpus '" + corpus + "'");
        System.out.println("  requests   " + cursor.expectedCount() + " from corpus " + corpus);
        return run.run(cursor, cursor.expectedCount(), "corpus " + corpus, reportDir, store)
            .exitCode();
      }
    }
  }

  private Duration claimTimeout() {
    if (claimTimeout == null) {
      return CheckJobSettings.DEFAULT_CLAIM_TIMEOUT;
    }
    Duration d = OptionValues.duration("--claim-timeout", claimTimeout);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
      throw OptionValues.usage(
          "--claim-timeout", "must lie between 1s and 1h, not " + claimTimeout);
    }
    return d;
  }

  /** Publishes a corpus of the store to a new topic for workers to share; returns the topic. */
  private KafkaAddress publishCorpus(Store store, String corpus) {
    KafkaAddress prefix = IngestCommand.address("--via", via);
    KafkaAddress topic;
    try (ExchangeCursor cursor = store.read(corpus)) {
      requireSomething(cursor.expectedCount(), "corpus '" + corpus + "'");
      topic = KafkaTopics.createFresh(prefix, CORPUS_PARTITIONS, Duration.ofSeconds(15));
      // the row id is unique in the store: it makes each exchange's id for the check
      Iterator<Exchange> withIds =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return cursor.hasNext();
            }

            @Override
            public Exchange next() {
              Exchange e = cursor.next();
              return e.withId("corpus-" + corpus + "-" + e.id());
            }
          };
      long published = KafkaTopics.publishAll(topic, withIds, corpus, "corpus:" + corpus);
      System.out.println(
          "  published  " + published + " exchanges of corpus " + corpus + " to " + topic);
    }
    return topic;
  }

  private static void requireSomething(long count, String what) {
    if (count == 0) {
      throw new SpotterException("check.empty", what + " holds no requests: nothing to check");
    }
  }

  ReplaySettings replaySettings(Wiring wiring) {
    ChosenTargets targets =
        ChosenTargets.of(wiring, "check", "check.usage", primary, secondary, candidate);
    SpotterConfig.Replay r =
        wiring
            .replay()
            .orElse(
                new SpotterConfig.Replay(
                    null, null, null, null, null, null, null, null, null, null));
    ReplaySettings s =
        ReplaySettings.of(targets.primary(), targets.secondary(), targets.candidate());
    Integer c = concurrency != null ? concurrency : r.concurrency();
    if (c != null) {
      s = s.withConcurrency(c);
    }
    Double perSecond = rate != null ? rate : r.rate();
    if (perSecond != null) {
      s = s.withRatePerSecond(perSecond);
    }
    if (timeout != null) {
      s = s.withTimeout(option("--timeout", () -> DurationValue.parse(timeout).duration()));
    } else if (r.timeout() != null) {
      s = s.withTimeout(r.timeout().duration());
    }
    if (allowSideEffects != null) {
      s = s.withAllowSideEffects(allowSideEffects);
    } else if (r.allowSideEffects() != null) {
      s = s.withAllowSideEffects(r.allowSideEffects());
    }
    if (maxBodySize != null) {
      s = s.withMaxBodyBytes(option("--max-body-size", () -> SizeValue.parse(maxBodySize).bytes()));
    } else if (r.maxBodySize() != null) {
      s = s.withMaxBodyBytes(r.maxBodySize().bytes());
    }
    List<Header> headers = new ArrayList<>();
    if (r.setHeaders() != null) {
      for (Map.Entry<String, String> e : r.setHeaders().entrySet()) {
        headers.add(new Header(e.getKey(), e.getValue()));
      }
    }
    for (String h : setHeaders) {
      headers.add(parseHeader(h));
    }
    if (!headers.isEmpty()) {
      s = s.withOverrideHeaders(new Headers(headers));
    }
    if (host != null) {
      s = s.withHost(option("--host", () -> HostChoice.parse(host)));
    } else if (r.host() != null) {
      s = s.withHost(HostChoice.parse(r.host()));
    }
    return s;
  }

  static Header parseHeader(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      // the text is not repeated: it may be the credential itself, given without its name
      throw new SpotterException(
          "check.usage",
          "--set-header takes 'Name: value', and one of them has no name before a ':' ("
              + text.length()
              + " characters)");
    }
    return new Header(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  private static <T> T option(String name, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException | SpotterException e) {
      throw new SpotterException("check.usage", name + ": " + e.getMessage());
    }
  }
}
