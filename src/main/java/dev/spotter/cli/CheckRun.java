package dev.spotter.cli;

import dev.spotter.capture.Redactor;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.incident.KudosLog;
import dev.spotter.model.Exchange;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.RepeatSettings;
import dev.spotter.replay.ReplayAggregator;
import dev.spotter.replay.ReplayEngine;
import dev.spotter.replay.ReplayProgress;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.replay.TargetProbe;
import dev.spotter.replay.TargetStats;
import dev.spotter.report.CheckText;
import dev.spotter.report.ReportWriter;
import dev.spotter.store.Store;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One check from start to end: replay, run the guards, judge, write the reports, save the run,
 * print the outcome, and choose the exit code. Shared by {@code spotter check} and {@code spotter
 * demo}.
 */
final class CheckRun {
  private final Wiring wiring;
  private final ReplaySettings settings;
  private final PrintStream out;
  private final GuardRun guards;
  private final RepeatSettings repeats;
  private final boolean allowUndecided;

  /**
   * A check without guards (the demo's, whose store holds none of the user's), asking again within
   * the default budget, and without a verdict (exit code 2) while anything is undecided.
   */
  CheckRun(Wiring wiring, ReplaySettings settings, PrintStream out) {
    this(wiring, settings, out, null, RepeatSettings.defaults(), false);
  }

  private CheckRun(
      Wiring wiring,
      ReplaySettings settings,
      PrintStream out,
      GuardRun guards,
      RepeatSettings repeats,
      boolean allowUndecided) {
    this.wiring = wiring;
    this.settings = settings;
    this.out = out;
    this.guards = guards;
    this.repeats = repeats;
    this.allowUndecided = allowUndecided;
  }

  /** The same check, also running the store's active guards before its verdict. */
  CheckRun withGuards() {
    return new CheckRun(
        wiring, settings, out, new GuardRun(wiring, settings), repeats, allowUndecided);
  }

  /**
   * The same check asking again within {@code limits}, and, when {@code allowUndecided}, exiting 0
   * with findings left undecided (the verdict still says "undecided", never "pass").
   */
  CheckRun withUndecidedPolicy(RepeatSettings limits, boolean allowUndecided) {
    return new CheckRun(wiring, settings, out, guards, limits, allowUndecided);
  }

  /** What a finished check left behind. */
  record Outcome(CheckResult result, List<Path> reports, String runId, int exitCode) {}

  Outcome run(
      Iterator<Exchange> exchanges, long expected, String source, Path reportDir, Store store) {
    return run(exchanges, expected, source, reportDir, store, () -> 0);
  }

  /**
   * @param invalidEntries how many entries of a file were skipped as unreadable, read after the
   *     run; they are reported as skipped requests
   */
  Outcome run(
      Iterator<Exchange> exchanges,
      long expected,
      String source,
      Path reportDir,
      Store store,
      LongSupplier invalidEntries) {
    // A target that cannot be reached stops the check before a single request is sent.
    TargetProbe.requireReachable(settings);
    Redactor redactor = wiring.redactor();
    FindingCollector collector = new FindingCollector(wiring.noiseSettings());
    Progress progress = Progress.forJob("replaying");
    Progress asking = Progress.forJob("asking undecided requests again");
    ReplayProgress both =
        new ReplayProgress() {
          @Override
          public void update(long done, long total) {
            progress.update(done, total);
          }

          @Override
          public void asking(long done, long planned) {
            progress.finish();
            asking.update(done, planned);
          }
        };
    CheckResult result;
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      ReplayEngine engine =
          new ReplayEngine(
              settings,
              repeats,
              client,
              new ResponseDiffer(wiring.diffSettings()),
              wiring.grouper(),
              collector,
              both,
              example -> redact(example, redactor));
      result = engine.run(exchanges, expected, source);
    } finally {
      progress.finish();
      asking.finish();
    }
    result = withInvalidEntries(result, invalidEntries.getAsLong());
    return finish(result, null, source, reportDir, store);
  }

  /** The judge of a check that others replayed, built as a check in one process builds it. */
  ReplayAggregator aggregator() {
    Redactor redactor = wiring.redactor();
    return new ReplayAggregator(
        settings,
        repeats,
        new ResponseDiffer(wiring.diffSettings()),
        wiring.grouper(),
        new FindingCollector(wiring.noiseSettings()),
        example -> redact(example, redactor));
  }

  /**
   * Runs the guards, when this check has them, so that their outcomes are part of the verdict;
   * saves the result (replacing the run row when {@code savedRunId} names one saved when the check
   * began), writes the reports, prints the outcome and chooses the exit code. Every path of a check
   * (a corpus, a file, a stream) ends here, so guards judge each alike.
   */
  Outcome finish(
      CheckResult result, String savedRunId, String source, Path reportDir, Store store) {
    if (allowUndecided) {
      result = result.withSummary(result.summary().withUndecidedAccepted(true), result.skipped());
    }
    if (guards != null && store != null) {
      result = result.withGuards(guards.run(store));
      GuardRun.removeOldFile(reportDir);
    }
    String runId = savedRunId != null ? savedRunId : save(result, store);
    if (runId != null) {
      result = withRunId(result, runId);
      // the stored copy names its own id too, so reports written again from it (report --run) do
      RunRecords.update(store, RunRecords.of("check", runId, result, true));
    }
    List<Path> reports = ReportWriter.writeAll(result, reportDir);
    CheckSummaryPrinter.print(result, reports, runId, out);
    if (store != null && result.summary().regressions() > 0) {
      // Once per catch: the same regressions (which findings, not only how many) of the same
      // source against the same candidate, seen again by a retried CI job, are not a second catch.
      // A candidate is known only by its URL; another build there that makes other regressions is
      // another catch.
      String key =
          "("
              + result.summary().regressions()
              + " in "
              + source
              + " against "
              + settings.candidate()
              + ", findings "
              + regressionFingerprint(result);
      new KudosLog(store, Clock.systemUTC())
          .addFromSpotterOnce(
              key,
              "A check caught "
                  + result.summary().regressions()
                  + " regression(s) before they reached production "
                  + key
                  + (runId == null ? ")" : ", run " + runId + ")"),
              null);
    }
    if (store != null) {
      GuardRun.thank(store, result.guards(), settings.candidate(), runId);
    }
    return new Outcome(result, reports, runId, exitCode(result, allowUndecided));
  }

  /** A short digest of which findings are regressions: endpoint, path and kind of each. */
  static String regressionFingerprint(CheckResult result) {
    List<String> regressions = new ArrayList<>();
    for (EndpointReport e : result.endpoints()) {
      for (Finding f : e.findings()) {
        if (f.isRegression()) {
          regressions.add(e.endpoint() + " " + f.path() + " " + f.kind());
        }
      }
    }
    Collections.sort(regressions);
    return String.format(Locale.ROOT, "%08x", String.join("\n", regressions).hashCode());
  }

  private static CheckResult withRunId(CheckResult r, String id) {
    return r.withRun(r.run().withId(id));
  }

  /** Entries of a file that could not be read are requests the check skipped, and says so. */
  static CheckResult withInvalidEntries(CheckResult r, long invalid) {
    if (invalid == 0) {
      return r;
    }
    Summary s = r.summary();
    List<SkipCount> skipped = new ArrayList<>(r.skipped());
    skipped.add(
        new SkipCount(
            "invalid_entry",
            "entries of the file that could not be read were skipped (--skip-invalid)",
            invalid));
    return r.withSummary(
        new Summary(
            s.requests() + invalid,
            s.compared(),
            s.skipped() + invalid,
            s.errors(),
            s.regressions(),
            s.verdict(),
            s.undecided()),
        skipped);
  }

  static int exitCode(CheckResult result) {
    return exitCode(result, false);
  }

  /**
   * 0 pass, 1 fail, 2 no verdict (incomplete, or undecided unless {@code allowUndecided}); a run
   * without a verdict says why in one line on stderr.
   */
  static int exitCode(CheckResult result, boolean allowUndecided) {
    return switch (result.summary().verdict()) {
      case PASS -> ExitCode.OK;
      case FAIL -> ExitCode.REGRESSIONS;
      case INCOMPLETE -> {
        System.err.println("spotter: no verdict: " + whyIncomplete(result));
        yield ExitCode.ERROR;
      }
      case UNDECIDED -> {
        if (allowUndecided) {
          System.err.println(
              "spotter: undecided, accepted with --allow-undecided: " + whyUndecided(result));
          yield ExitCode.OK;
        }
        System.err.println("spotter: no verdict: " + whyUndecided(result));
        yield ExitCode.ERROR;
      }
    };
  }

  /**
   * One line: how many findings stayed undecided, on which endpoints, and why they could not be
   * decided.
   */
  static String whyUndecided(CheckResult result) {
    List<String> where = new ArrayList<>();
    java.util.Set<String> why = new java.util.LinkedHashSet<>();
    for (EndpointReport e : result.endpoints()) {
      if (e.undecided() > 0) {
        where.add(e.endpoint() + " (" + e.undecided() + ")");
        for (Finding f : e.findings()) {
          String reason = CheckText.stillUndecided(f);
          if (reason != null) {
            why.add(reason);
          }
        }
      }
    }
    long n = result.summary().undecided();
    String line =
        n
            + (n == 1 ? " finding is" : " findings are")
            + " still undecided, on "
            + String.join(", ", where.subList(0, Math.min(5, where.size())))
            + (where.size() > 5 ? " and " + (where.size() - 5) + " more endpoints" : "");
    return line
        + (why.isEmpty()
            ? ""
            : ": " + String.join("; ", new ArrayList<>(why).subList(0, Math.min(3, why.size()))))
        + " (the reports list them; --allow-undecided accepts them)";
  }

  /**
   * One line: which targets never answered and how they failed, that nothing was compared, or which
   * guards could not be judged.
   */
  static String whyIncomplete(CheckResult result) {
    List<String> silent = new ArrayList<>();
    for (TargetStats t : result.targets()) {
      if (t.neverAnswered()) {
        silent.add(
            "the "
                + t.role()
                + " at "
                + t.url()
                + " never answered ("
                + t.failures()
                + " of "
                + t.sent()
                + " requests failed: "
                + t.failuresByKind()
                + ")");
      }
    }
    if (!silent.isEmpty()) {
      return String.join("; ", silent) + "; the reports are written but hold no verdict";
    }
    Summary s = result.summary();
    if (s.compared() > 0) {
      List<String> unjudged = new ArrayList<>();
      for (GuardOutcome g : result.guards()) {
        if (g.notJudged()) {
          unjudged.add("guard " + g.guardId() + " could not be judged: " + g.reason());
        }
      }
      if (!unjudged.isEmpty()) {
        return String.join("; ", unjudged);
      }
    }
    return "no request could be compared ("
        + s.requests()
        + " read, "
        + s.skipped()
        + " skipped, "
        + s.errors()
        + " without an answer from the primary)";
  }

  /** Saving comes first, so the reports can name the run. */
  private String save(CheckResult result, Store store) {
    return RunRecords.save(store, RunRecords.of("check", null, result, true));
  }

  static ExampleExchange redact(ExampleExchange e, Redactor redactor) {
    return new ExampleExchange(
        e.id(),
        e.endpoint(),
        redactor.redact(e.request()),
        redact(e.primary(), redactor),
        redact(e.secondary(), redactor),
        redact(e.candidate(), redactor),
        e.candidateDifferences(),
        e.noiseDifferences());
  }

  private static TargetOutcome redact(TargetOutcome outcome, Redactor redactor) {
    if (outcome instanceof TargetOutcome.Answered a) {
      return new TargetOutcome.Answered(redactor.redact(a.response()), a.latencyMicros());
    }
    return outcome;
  }
}
