package dev.spotter.fleet;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.BatchReplayer;
import dev.spotter.replay.Replayed;
import dev.spotter.store.RepeatAnswer;
import dev.spotter.store.RepeatTask;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import dev.spotter.stream.ExchangeRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does once the partitions of its check are done: serves the check's repeat tasks
 * until the coordinator closes the job. It claims a few tasks at a time (at most the check's
 * concurrency), sends each task's request its number of times one after another, different tasks at
 * once, through the same {@link BatchReplayer} as the first pass (the same preparation, pacing and
 * bounds), and stores each task's answers when all are in, or when the check's time for asking
 * again is spent: no ask is started after it. A coordinator that says nothing for long died without
 * closing its job: the worker then leaves it.
 */
final class RepeatTaskWorker {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatTaskWorker.class);
  private static final Duration LOOK_EVERY = Duration.ofMillis(250);

  private final Store store;
  private final String name;
  private final String runId;
  private final CheckJobSettings settings;
  private final BatchReplayer replayer;
  private final Duration coordinatorSilence;

  RepeatTaskWorker(
      Store store,
      String name,
      String runId,
      CheckJobSettings settings,
      BatchReplayer replayer,
      Duration coordinatorSilence) {
    this.store = store;
    this.name = name;
    this.runId = runId;
    this.settings = settings;
    this.replayer = replayer;
    this.coordinatorSilence = coordinatorSilence;
  }

  /** The exchange id of one ask of a repeat task: the repeated exchange's, and where it stands. */
  static String answerId(String exchangeId, int round, int ask) {
    return exchangeId + "~r" + round + "." + ask;
  }

  /**
   * Serves the job's repeat tasks until it is closed, {@code stop} says so, or its coordinator fell
   * silent; tasks in hand are finished and stored first.
   *
   * @return the asks whose answers this worker stored
   */
  long serve(BooleanSupplier stop) {
    int atOnce = Math.max(1, settings.replay().concurrency());
    long asked = 0;
    try (ClaimRenewal claims = new ClaimRenewal(store, runId, name, settings.claimTimeout())) {
      while (!stop.getAsBoolean()) {
        List<RepeatTask> tasks =
            store.claimRepeatTasks(runId, name, atOnce, settings.claimTimeout());
        if (tasks.isEmpty()) {
          if (!stillWanted() || !pause()) {
            break;
          }
          continue;
        }
        List<Long> ids = tasks.stream().map(RepeatTask::taskId).toList();
        claims.hold(ids);
        try {
          asked += ask(tasks);
        } finally {
          claims.release(ids);
        }
      }
    }
    return asked;
  }

  /** Whether the job is open and its coordinator spoke lately, so more tasks may come. */
  private boolean stillWanted() {
    StoredCheckJob job = store.checkJob(runId).orElse(null);
    if (job == null || !CheckCoordinator.OPEN.equals(job.state())) {
      return false;
    }
    Duration silent = Duration.between(job.updatedAt(), Instant.now());
    if (silent.compareTo(coordinatorSilence) > 0) {
      LOG.info(
          "worker {} leaves check run {}: its coordinator has said nothing for {} s",
          name,
          runId,
          silent.toSeconds());
      return false;
    }
    return true;
  }

  private static boolean pause() {
    try {
      Thread.sleep(LOOK_EVERY.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Sends every claimed task's request its number of times: the k-th asks of all tasks at once,
   * then the (k+1)-th, so that one request's asks go one after another. No ask of a task is started
   * after the task's {@link RepeatTask#askUntil()} (the end of the check's time for asking again):
   * the task is then completed with the answers it has, maybe none, so that the coordinator's round
   * ends; asks already under way are finished.
   */
  private long ask(List<RepeatTask> tasks) {
    List<Exchange> requests = new ArrayList<>(tasks.size());
    Map<Long, List<RepeatAnswer>> answers = new LinkedHashMap<>();
    Set<Long> outOfTime = new HashSet<>();
    int most = 0;
    for (RepeatTask t : tasks) {
      answers.put(t.taskId(), new ArrayList<>(t.times()));
      most = Math.max(most, t.times());
      requests.add(readable(t));
    }
    for (int ask = 1; ask <= most; ask++) {
      List<Exchange> batch = new ArrayList<>();
      List<RepeatTask> of = new ArrayList<>();
      Map<Exchange, Instant> until = new IdentityHashMap<>();
      for (int i = 0; i < tasks.size(); i++) {
        RepeatTask t = tasks.get(i);
        if (t.times() < ask || outOfTime.contains(t.taskId())) {
          continue;
        }
        if (!inTime(t.askUntil())) {
          outOfTime.add(t.taskId());
          continue;
        }
        Exchange request = requests.get(i);
        if (request == null) {
          String id = answerId("task-" + t.taskId(), t.round(), ask);
          keep(
              answers,
              t,
              ask,
              new Replayed.Skipped(
                  id, "unreadable_task", "repeat tasks whose request could not be read"));
          continue;
        }
        Exchange one = request.withId(answerId(request.id(), t.round(), ask));
        batch.add(one);
        of.add(t);
        until.put(one, t.askUntil());
      }
      if (batch.isEmpty()) {
        continue;
      }
      // the time may run out while earlier asks of the batch wait for their turn
      List<Replayed> got = replayer.replay(batch, e -> inTime(until.get(e)));
      for (int j = 0; j < got.size(); j++) {
        Replayed r = got.get(j);
        if (r == null) {
          outOfTime.add(of.get(j).taskId());
        } else {
          keep(answers, of.get(j), ask, r);
        }
      }
    }
    if (!outOfTime.isEmpty()) {
      LOG.info(
          "worker {}: the time for asking again in run {} is spent; {} of its {} repeat tasks in"
              + " hand are completed with the answers they have",
          name,
          runId,
          outOfTime.size(),
          tasks.size());
    }
    long stored = 0;
    for (RepeatTask t : tasks) {
      List<RepeatAnswer> mine = answers.get(t.taskId());
      if (store.completeRepeatTask(runId, t.taskId(), name, mine)) {
        stored += mine.size();
      } else {
        LOG.info(
            "worker {}: repeat task {} of run {} was done by another worker or the job closed",
            name,
            t.taskId(),
            runId);
      }
    }
    return stored;
  }

  /** Whether an ask may still be started before {@code askUntil}, by this machine's clock. */
  private static boolean inTime(Instant askUntil) {
    return Instant.now().isBefore(askUntil);
  }

  private void keep(Map<Long, List<RepeatAnswer>> answers, RepeatTask t, int ask, Replayed r) {
    answers
        .get(t.taskId())
        .add(new RepeatAnswer(r.exchangeId(), t.taskId(), ask, name, ReplayedJson.write(r)));
  }

  private Exchange readable(RepeatTask t) {
    try {
      return ExchangeRecords.fromLine(
          t.exchangeJson().getBytes(StandardCharsets.UTF_8),
          "repeat task " + t.taskId() + " of run " + runId);
    } catch (SpotterException e) {
      LOG.warn("worker {}: {}", name, e.getMessage());
      return null;
    }
  }
}
