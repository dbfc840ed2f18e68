package dev.spotter.canary;

import dev.spotter.canary.judge.AaResampler;
import dev.spotter.canary.judge.FalseAlarmRate;
import dev.spotter.canary.judge.Judge;
import dev.spotter.canary.judge.StepJudgement;
import dev.spotter.canary.judge.Verdict;
import dev.spotter.proxy.EventLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives one canary run through its steps: moves the share of users, asks the judge every few
 * seconds, rolls back at the first failing look, moves on when a step's time is up and it passed,
 * extends it when the judge cannot tell yet, holds when the baseline fails or the judge stays
 * inconclusive, and acts on an operator's promote, abort or resume. The run's record is written to
 * the store at every look, so a restarted process resumes it where it stood.
 *
 * <p>Runs on the thread that calls {@link #run}; {@link #stop} (from any thread) leaves the run
 * resumable.
 */
public final class CanaryController {
  /** How often commands and the stop flag are looked at while waiting for the next look. */
  static final long POLL_MILLIS = 200;

  /**
   * Requests in a row an arm did not serve (refused, timed out, broken, given up on) that mark it
   * as failing: the canary is rolled back without waiting for statistics, the baseline pauses the
   * run.
   */
  static final int FAILING_AT = 5;

  /** How often the run's record is written even when nothing moves: its heartbeat. */
  static final long HEARTBEAT_SECONDS = 5;

  private enum StepEnd {
    PASSED,
    PROMOTE,
    OVER,
    STOPPED
  }

  private final CanaryPlan plan;
  private final CanaryRouter router;
  private final CanaryJournal journal;
  private final HookRunner hooks = new HookRunner();
  private final Judge judge;
  private final Clock clock;
  private final String salt;
  private final AaLog aaLog;
  private final List<String> externalSources;
  private final java.util.Set<String> externalFailuresTold = new java.util.HashSet<>();
  private volatile boolean stopped;

  // the run's record; written by the run thread, read by snapshot() from others
  private RunState state = RunState.RUNNING;
  private RunVerdict verdict;
  private String reason = "starting";
  private Instant started;
  private Instant ended;
  private final List<StepRecord> steps = new ArrayList<>();
  private final List<RunEvent> events = new ArrayList<>();
  private FalseAlarmRate falseAlarms;
  private volatile int stepIndex;
  private final Object persisting = new Object();
  private boolean resumedStep;
  private int looksInRun;
  private int aaFalseAlarmSteps;
  private int aaPassedSteps;
  private boolean aaEstimated;

  /**
   * @param previous the stored run of the same name when it is to be resumed (not over)
   * @param aaLog the A/A observation log the router fills; null unless in A/A mode
   */
  CanaryController(
      CanaryPlan plan,
      CanaryRouter router,
      CanaryJournal journal,
      Clock clock,
      String salt,
      AaLog aaLog,
      Optional<CanaryJournal.Entry> previous) {
    this.plan = plan;
    this.router = router;
    this.journal = journal;
    this.judge = new Judge(plan.judge());
    this.clock = clock;
    this.salt = salt;
    this.aaLog = aaLog;
    this.externalSources = plan.valueSources(PrometheusSource.PREFIX);
    this.started = clock.instant();
    previous.ifPresent(this::resumeFrom);
  }

  private void resumeFrom(CanaryJournal.Entry entry) {
    CanaryResult r = entry.result();
    started = r.started();
    stepIndex = Math.min(entry.stepIndex(), plan.stepBasisPoints().size() - 1);
    for (StepRecord s : r.steps()) {
      if (s.index() < stepIndex) {
        steps.add(s); // the step in progress restarts: its data were in the old process
      } else if (s.index() == stepIndex) {
        resumedStep = true; // it had begun, so its pre-step hook had said yes
      }
    }
    events.addAll(r.events());
    router.share(entry.canaryBasisPoints()); // users stay where they were meanwhile
  }

  /** Runs until the canary is promoted, rolled back or aborted, or until {@link #stop}. */
  public CanaryResult run() {
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spotter-canary-heartbeat");
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleAtFixedRate(
        this::persist, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    try {
      return drive();
    } finally {
      heartbeat.shutdownNow();
    }
  }

  private CanaryResult drive() {
    if (!events.isEmpty()) {
      event(
          "resumed",
          "Resumed after a restart at step "
              + (stepIndex + 1)
              + " ("
              + percent(stepIndex)
              + " %); the step's data start afresh and the same users stay on the canary.");
    } else {
      event(
          "started",
          (plan.aaMode() ? "A/A run started: the baseline is judged against itself; " : "Started; ")
              + "steps "
              + plannedPercents().stream().map(CanaryPlan::percentText).toList()
              + " %.");
    }
    while (!state.over() && !stopped) {
      if (plan.stepBasisPoints().get(stepIndex) >= Buckets.COUNT) {
        promote("every judged step passed");
        break;
      }
      if (!resumedStep && !preStepApproved()) {
        if (!awaitOperator()) {
          break;
        }
        continue;
      }
      resumedStep = false;
      StepEnd end = runStep();
      if (end == StepEnd.PASSED) {
        stepIndex++;
      } else if (end == StepEnd.PROMOTE) {
        promote("promoted by an operator");
      } else {
        break;
      }
    }
    if (stopped && !state.over()) {
      event(
          "stopped",
          "The process stopped; start `spotter canary` with --name "
              + plan.name()
              + " to resume the run.");
    }
    if (plan.aaMode() && state.over()) {
      estimateFalseAlarms();
    }
    persist();
    return snapshot();
  }

  /** Asks the run to end where it is, resumable. Returns at once; {@link #run} returns soon. */
  public void stop() {
    stopped = true;
  }

  /** The run's record now. */
  public synchronized CanaryResult snapshot() {
    return new CanaryResult(
        plan.name(),
        plan.baseline().url(),
        plan.aaMode() ? plan.baseline().url() : plan.canary().url(),
        plan.aaMode(),
        state,
        verdict,
        reason,
        started,
        ended,
        plannedPercents(),
        plan.judge(),
        List.copyOf(steps),
        List.copyOf(events),
        falseAlarms,
        plan.key().toString());
  }

  /** The share of users on the canary now, in percent. */
  public double canaryPercent() {
    return router.share() / 100.0;
  }

  private StepEnd runStep() {
    int basisPoints = plan.stepBasisPoints().get(stepIndex);
    StepWindow window = router.startWindow();
    router.share(basisPoints);
    Instant stepStarted = clock.instant();
    setCurrent(
        new StepRecord(
            stepIndex,
            plan.percentOf(stepIndex),
            stepStarted,
            null,
            0,
            0,
            StepOutcome.IN_PROGRESS,
            null,
            window.baseline.summary(),
            window.canary.summary()));
    setState(RunState.RUNNING, "step " + (stepIndex + 1) + " (" + percent(stepIndex) + " %)");
    event("step_started", "Step " + (stepIndex + 1) + ": " + percent(stepIndex) + " % of users.");
    persist();

    long stepNanos = plan.stepDuration().toNanos();
    long lookNanos = plan.judgeEvery().toNanos();
    long deadline = System.nanoTime() + stepNanos;
    long nextLook = System.nanoTime() + lookNanos;
    int extensions = 0;
    int looks = 0;
    boolean held = false;
    long pausedSince = -1; // while the baseline fails: the step's clock stops
    boolean aaFailedThisStep = false;
    StepJudgement judgement = null;
    if (aaLog != null) {
      aaLog.at(judgedIndex(stepIndex), looksInRun);
    }
    while (true) {
      // the step's end is a moment to look at only while its clock runs
      boolean clockRuns = !held && pausedSince < 0;
      Optional<String> command = waitUntil(clockRuns ? Math.min(nextLook, deadline) : nextLook);
      if (stopped) {
        return StepEnd.STOPPED;
      }
      if (command.isPresent()) {
        switch (command.get()) {
          case "abort" -> {
            endRun(RunState.ABORTED, StepOutcome.ABORTED, "aborted by an operator", window);
            return StepEnd.OVER;
          }
          case "promote" -> {
            finishStep(StepOutcome.SKIPPED, window);
            return StepEnd.PROMOTE;
          }
          default -> { // resume: a held step gets a fresh step's time
            if (held) {
              held = false;
              extensions = 0;
              deadline = System.nanoTime() + stepNanos;
              setState(RunState.RUNNING, "step " + (stepIndex + 1) + " resumed");
              event("resumed_by_operator", "An operator resumed the held step.");
            } else {
              event("command_ignored", "'resume' was ignored: the run was not held.");
            }
          }
        }
        continue;
      }
      long now = System.nanoTime();
      if (now < nextLook && !(clockRuns && now >= deadline)) {
        continue;
      }
      nextLook = now + lookNanos;

      if (window.baseline.unservedInARow() >= FAILING_AT) {
        if (pausedSince < 0) {
          pausedSince = now;
          setState(
              RunState.PAUSED,
              "paused: the baseline is failing (its last "
                  + window.baseline.unservedInARow()
                  + " requests were not served: refused, timed out, broken or given up on)");
          event("baseline_failing", "The baseline is failing; the run is paused: " + reason + ".");
          EventLog.warn("canary.baseline_failing", "name", plan.name(), "reason", reason);
          persist();
        }
        continue;
      }
      if (pausedSince >= 0) {
        deadline += now - pausedSince;
        pausedSince = -1;
        setState(
            held ? RunState.PAUSED : RunState.RUNNING,
            held ? reason : "step " + (stepIndex + 1) + " (" + percent(stepIndex) + " %)");
        event("baseline_recovered", "The baseline serves again; the run goes on.");
      }
      if (window.canary.unservedInARow() >= FAILING_AT && !plan.aaMode()) {
        endRun(
            RunState.ROLLED_BACK,
            StepOutcome.CANARY_UNREACHABLE,
            unreachable(window.canary.unservedInARow()),
            window);
        return StepEnd.OVER;
      }

      readExternal(window);
      judgement = judge.judge(window.baseline.data(), window.canary.data());
      looks++;
      looksInRun++;
      if (aaLog != null) {
        aaLog.at(judgedIndex(stepIndex), looksInRun);
      }
      updateCurrent(window, looks, extensions, judgement, StepOutcome.IN_PROGRESS);
      if (judgement.verdict() == Verdict.FAIL) {
        if (!plan.aaMode()) {
          endRun(RunState.ROLLED_BACK, StepOutcome.FAILED, judgement.reason(), window);
          return StepEnd.OVER;
        }
        if (!aaFailedThisStep) {
          aaFailedThisStep = true;
          aaFalseAlarmSteps++;
          event(
              "false_alarm",
              "A/A: the judge failed identical arms at step "
                  + (stepIndex + 1)
                  + " (a real run would have rolled back): "
                  + judgement.reason());
        }
      }
      if (System.nanoTime() >= deadline) {
        if (plan.aaMode() && judgement.verdict() == Verdict.PASS) {
          aaPassedSteps++;
        }
        if (judgement.verdict() == Verdict.PASS || plan.aaMode()) {
          finishStep(aaFailedThisStep ? StepOutcome.FAILED : StepOutcome.PASSED, window);
          event("step_passed", "Step " + (stepIndex + 1) + " ended: " + judgement.reason());
          return StepEnd.PASSED;
        }
        if (!held && extensions < plan.maxExtensions()) {
          extensions++;
          deadline = System.nanoTime() + stepNanos;
          updateCurrent(window, looks, extensions, judgement, StepOutcome.IN_PROGRESS);
          event(
              "step_extended",
              "Step "
                  + (stepIndex + 1)
                  + " extended ("
                  + extensions
                  + " of "
                  + plan.maxExtensions()
                  + "): "
                  + judgement.reason());
        } else if (!held) {
          held = true;
          setState(
              RunState.PAUSED,
              "held at step "
                  + (stepIndex + 1)
                  + ": still inconclusive after "
                  + extensions
                  + " extensions; still judged, and waiting for data or for resume, promote or"
                  + " abort");
          event("held", "The run is held: " + judgement.reason());
          EventLog.warn("canary.held", "name", plan.name(), "step", stepIndex + 1);
        }
      }
      persist();
    }
  }

  private static String unreachable(int unserved) {
    return "the canary did not serve any of its last "
        + unserved
        + " requests (refused or unreachable, timed out, broken, or given up on by the client)";
  }

  /**
   * Adds this look's value of each external metric to both arms. A query that fails leaves its
   * metric without a sample this look (so, at worst, inconclusive); the first failure of each is
   * told in the timeline.
   */
  private void readExternal(StepWindow window) {
    PrometheusSource source = plan.prometheus();
    for (int i = 0; i < externalSources.size(); i++) {
      String template = externalSources.get(i).substring(PrometheusSource.PREFIX.length());
      try {
        java.util.OptionalDouble b = source.query(source.queryFor(template, false));
        java.util.OptionalDouble c = source.query(source.queryFor(template, true));
        if (b.isPresent()) {
          window.baseline.addExternal(i, b.getAsDouble());
        }
        if (c.isPresent()) {
          window.canary.addExternal(i, c.getAsDouble());
        }
      } catch (java.io.IOException e) {
        EventLog.sampled("canary.external_metric_failed", "query", template, "error", e.toString());
        if (externalFailuresTold.add(template)) {
          event(
              "external_metric_failed",
              "The query '"
                  + template
                  + "' to "
                  + source.url()
                  + " failed ("
                  + e.getMessage()
                  + "); its metric has no data from this look until it answers.");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Waits until {@code deadlineNanos}, a command, or a stop; returns the command if one came. */
  private Optional<String> waitUntil(long deadlineNanos) {
    while (!stopped) {
      Optional<String> command = journal.takeCommand(plan.name());
      if (command.isPresent()) {
        EventLog.info("canary.command", "name", plan.name(), "command", command.get());
        return command;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS));
    }
    return Optional.empty();
  }

  /** Runs the pre-step hook; false (and the run held) when it halted the run. */
  private boolean preStepApproved() {
    if (plan.aaMode() || plan.hooks().preStep() == null) {
      return true;
    }
    HookRunner.Result result = runHook("pre-step", plan.hooks().preStep(), "");
    if (result.proceed()) {
      return true;
    }
    setState(
        RunState.PAUSED,
        "held before step "
            + (stepIndex + 1)
            + ": the pre-step hook "
            + result.detail()
            + "; resume (the hook is asked again), promote or abort it");
    persist();
    return false;
  }

  /**
   * Holds the run where it is until an operator decides. The canary keeps its share meanwhile, so
   * it is still watched: a fresh window is judged every look, and a failing look or a canary that
   * stops serving rolls back as in a step.
   *
   * @return the operator's command, or empty when the run ended meanwhile or the process stops
   */
  private Optional<String> hold() {
    StepWindow watch = router.startWindow();
    long lookNanos = plan.judgeEvery().toNanos();
    long nextLook = System.nanoTime() + lookNanos;
    while (!stopped) {
      Optional<String> command = waitUntil(nextLook);
      if (command.isPresent()) {
        return command;
      }
      if (System.nanoTime() < nextLook || router.share() == 0) {
        nextLook = System.nanoTime() + lookNanos;
        continue;
      }
      nextLook = System.nanoTime() + lookNanos;
      if (watch.canary.unservedInARow() >= FAILING_AT) {
        endRun(
            RunState.ROLLED_BACK,
            StepOutcome.CANARY_UNREACHABLE,
            unreachable(watch.canary.unservedInARow()),
            null);
        return Optional.empty();
      }
      if (watch.baseline.unservedInARow() >= FAILING_AT) {
        continue; // the baseline's trouble is not the canary's; nothing to judge
      }
      readExternal(watch);
      StepJudgement j = judge.judge(watch.baseline.data(), watch.canary.data());
      if (j.verdict() == Verdict.FAIL) {
        endRun(RunState.ROLLED_BACK, StepOutcome.FAILED, "while held: " + j.reason(), null);
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Waits for an operator after the pre-step hook halted the run. Returns true to ask the hook
   * again (resume), false when the run ended (abort, promote, a rollback while held) or the process
   * stops.
   */
  private boolean awaitOperator() {
    Optional<String> command = hold();
    if (command.isEmpty()) {
      return false;
    }
    switch (command.get()) {
      case "abort" -> {
        endRun(RunState.ABORTED, StepOutcome.ABORTED, "aborted by an operator", null);
        return false;
      }
      case "promote" -> {
        promote("promoted by an operator");
        return false;
      }
      default -> {
        event("resumed_by_operator", "An operator resumed the run; the hook is asked again.");
        return true;
      }
    }
  }

  private void promote(String why) {
    while (!plan.aaMode() && plan.hooks().promotion() != null && !stopped) {
      HookRunner.Result result = runHook("promotion", plan.hooks().promotion(), why);
      if (result.proceed()) {
        break;
      }
      setState(
          RunState.PAUSED,
          "held before promotion: the promotion hook "
              + result.detail()
              + "; resume to ask it again, or promote or abort");
      persist();
      Optional<String> command = hold();
      if (command.isEmpty()) {
        return; // rolled back while held, or stopping
      }
      if (command.get().equals("abort")) {
        endRun(RunState.ABORTED, StepOutcome.ABORTED, "aborted by an operator", null);
        return;
      }
      if (command.get().equals("promote")) {
        event("promotion_forced", "An operator promoted the canary past its promotion hook.");
        break;
      }
    }
    if (stopped || state.over()) {
      return;
    }
    // an abort left while the hook ran wins over the promotion
    Optional<String> late = journal.takeCommand(plan.name());
    if (late.isPresent() && late.get().equals("abort")) {
      endRun(RunState.ABORTED, StepOutcome.ABORTED, "aborted by an operator", null);
      return;
    }
    if (plan.aaMode()) {
      estimateFalseAlarms(); // the A/A verdict rests on it
    }
    router.share(Buckets.COUNT);
    int last = plan.stepBasisPoints().size() - 1;
    StepWindow window = router.startWindow();
    synchronized (this) {
      steps.add(
          new StepRecord(
              last,
              100.0,
              clock.instant(),
              clock.instant(),
              0,
              0,
              StepOutcome.FULL,
              null,
              window.baseline.summary(),
              window.canary.summary()));
      stepIndex = last;
      if (plan.aaMode()) {
        // a false alarm is what a real run would have done: roll back; no decision shows nothing
        state =
            aaFalseAlarmSteps > 0
                ? RunState.ROLLED_BACK
                : aaEvidence() ? RunState.PROMOTED : RunState.NO_EVIDENCE;
        verdict =
            state == RunState.ROLLED_BACK
                ? RunVerdict.ROLLED_BACK
                : state == RunState.PROMOTED ? RunVerdict.PROMOTED : RunVerdict.NO_EVIDENCE;
        reason = aaReason();
      } else {
        state = RunState.PROMOTED;
        verdict = RunVerdict.PROMOTED;
        reason = "The canary serves all users: " + why + ".";
      }
      ended = clock.instant();
    }
    String kind = state == RunState.NO_EVIDENCE ? "no_evidence" : "promoted";
    event(kind, reason);
    EventLog.info("canary." + kind, "name", plan.name());
  }

  /** Sends everyone back to the baseline and ends the run. */
  private void endRun(RunState end, StepOutcome outcome, String why, StepWindow window) {
    router.share(0);
    router.closeOverride();
    synchronized (this) {
      if (window != null) {
        finishStep(outcome, window);
      }
      state = end;
      verdict = end == RunState.ROLLED_BACK ? RunVerdict.ROLLED_BACK : RunVerdict.ABORTED;
      reason = why;
      ended = clock.instant();
    }
    String kind = end == RunState.ROLLED_BACK ? "rolled_back" : "aborted";
    event(
        kind,
        (end == RunState.ROLLED_BACK ? "Rolled back" : "Aborted")
            + " at step "
            + (stepIndex + 1)
            + " ("
            + percent(stepIndex)
            + " %): "
            + why);
    EventLog.warn("canary." + kind, "name", plan.name(), "step", stepIndex + 1, "reason", why);
    persist();
    if (!plan.aaMode() && plan.hooks().rollback() != null) {
      runHook("rollback", plan.hooks().rollback(), why);
    }
  }

  private HookRunner.Result runHook(String event, Hook hook, String why) {
    HookRunner.Result result =
        hooks.run(
            hook,
            new HookRunner.Call(
                event,
                plan.name(),
                stepIndex + 1,
                plan.percentOf(stepIndex),
                plan.baseline().url(),
                plan.canary().url(),
                why));
    event(
        result.proceed() ? "hook_ran" : "hook_halted",
        "The " + event + " hook (" + describe(hook) + ") " + result.detail() + ".");
    return result;
  }

  private static String describe(Hook hook) {
    return hook instanceof Hook.Command c
        ? c.commandLine()
        : ((Hook.Webhook) hook).url().toString();
  }

  /**
   * Whether the A/A run showed anything: some re-split reached a decision, or without re-splits,
   * every judged step of the live split passed. A run whose judge never decided could hardly have
   * raised a false alarm, so its silence proves nothing.
   */
  private boolean aaEvidence() {
    if (falseAlarms != null) {
      return falseAlarms.decided() != null && falseAlarms.decided() > 0;
    }
    return plan.aaResplits() == 0
        && aaPassedSteps >= CanaryPlan.judgedSteps(plan.stepBasisPoints());
  }

  private String aaReason() {
    if (aaFalseAlarmSteps > 0) {
      return "A/A run completed; the judge raised a false alarm in "
          + aaFalseAlarmSteps
          + " step(s)"
          + resplitSummary();
    }
    if (aaEvidence()) {
      return "A/A run completed without a false alarm" + resplitSummary();
    }
    int observed = aaLog.snapshot().size();
    String why =
        observed == 0
            ? "no request was judged"
            : falseAlarms != null
                ? "none of the "
                    + falseAlarms.runs()
                    + " re-splits of its "
                    + observed
                    + " requests reached a decision"
                : "the judge reached no decision on its " + observed + " requests";
    return "A/A run completed without evidence: "
        + why
        + ", so nothing is known about false alarms; send more traffic or lengthen the steps";
  }

  /** "; 180 of 200 re-splits reached a decision, 2 of them a false alarm", or nothing. */
  private String resplitSummary() {
    if (falseAlarms == null || falseAlarms.decided() == null) {
      return "";
    }
    return "; "
        + falseAlarms.decided()
        + " of "
        + falseAlarms.runs()
        + " re-splits reached a decision, "
        + falseAlarms.falseAlarms()
        + " of them a false alarm";
  }

  private void estimateFalseAlarms() {
    if (aaEstimated) {
      return;
    }
    aaEstimated = true;
    List<dev.spotter.canary.judge.AaObservation> observed = aaLog.snapshot();
    if (observed.isEmpty() || plan.aaResplits() == 0) {
      return;
    }
    int[] shares =
        plan.stepBasisPoints().stream()
            .filter(b -> b < Buckets.COUNT)
            .mapToInt(Integer::intValue)
            .toArray();
    FalseAlarmRate rate =
        AaResampler.estimate(plan.judge(), observed, shares, plan.aaResplits(), salt.hashCode());
    synchronized (this) {
      falseAlarms = rate;
    }
    event(
        "false_alarm_rate",
        "Over "
            + rate.runs()
            + " re-splits of this run's traffic the judge raised "
            + rate.falseAlarms()
            + " false alarm(s): "
            + String.format(java.util.Locale.ROOT, "%.1f", rate.rate() * 100)
            + " % against the configured "
            + String.format(java.util.Locale.ROOT, "%.1f", rate.alpha() * 100)
            + " %; "
            + rate.decided()
            + " of them reached a decision.");
  }

  /** Ends the current step with {@code outcome}, keeping its last judgement and counts. */
  private synchronized void finishStep(StepOutcome outcome, StepWindow window) {
    StepRecord current = current();
    if (current == null) {
      return;
    }
    updateCurrent(window, current.looks(), current.extensions(), current.judgement(), outcome);
  }

  private synchronized void updateCurrent(
      StepWindow window, int looks, int extensions, StepJudgement judgement, StepOutcome outcome) {
    StepRecord current = current();
    if (current == null) {
      return;
    }
    setCurrent(
        new StepRecord(
            current.index(),
            current.canaryPercent(),
            current.started(),
            outcome == StepOutcome.IN_PROGRESS ? null : clock.instant(),
            extensions,
            looks,
            outcome,
            judgement,
            window.baseline.summary(),
            window.canary.summary()));
  }

  private synchronized StepRecord current() {
    if (steps.isEmpty()) {
      return null;
    }
    StepRecord last = steps.get(steps.size() - 1);
    return last.index() == stepIndex ? last : null;
  }

  private synchronized void setCurrent(StepRecord record) {
    if (!steps.isEmpty() && steps.get(steps.size() - 1).index() == record.index()) {
      steps.set(steps.size() - 1, record);
    } else {
      steps.add(record);
    }
  }

  private synchronized void setState(RunState s, String why) {
    state = s;
    reason = why;
  }

  private void event(String kind, String message) {
    synchronized (this) {
      events.add(new RunEvent(clock.instant(), kind, message));
    }
    EventLog.info("canary." + kind, "name", plan.name(), "message", message);
  }

  /** Writes the run's record; from the run's thread and the heartbeat, one at a time, in order. */
  private void persist() {
    synchronized (persisting) {
      journal.save(snapshot(), stepIndex, router.share(), salt);
    }
  }

  private List<Double> plannedPercents() {
    return plan.stepBasisPoints().stream().map(b -> b / 100.0).toList();
  }

  private String percent(int step) {
    return CanaryPlan.percentText(plan.percentOf(step));
  }

  /** The index of a step among the judged ones (those below 100 %). */
  private int judgedIndex(int step) {
    return Math.min(step, CanaryPlan.judgedSteps(plan.stepBasisPoints()) - 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
