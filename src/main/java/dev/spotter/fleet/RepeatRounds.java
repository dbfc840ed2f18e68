package dev.spotter.fleet;

import dev.spotter.diff.noise.RequestRef;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.Repeater;
import dev.spotter.replay.ReplayAggregator;
import dev.spotter.replay.Replayed;
import dev.spotter.store.RepeatProgress;
import dev.spotter.store.RepeatTask;
import dev.spotter.store.Store;
import dev.spotter.stream.ExchangeRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of asking again: each round the {@link Repeater} plans is written as
 * repeat tasks for the workers (one per request, with how many times to send it), waited for, and
 * read back in task and ask order, whoever answered and whenever, so that the judgement is the same
 * however the work was shared. Every task carries the end of the check's time for asking again, on
 * the wall clock, and its worker starts no ask after it; a round whose time ran out has its tasks
 * nobody holds withdrawn, and tasks a worker holds are waited for (at most the asks under way).
 */
final class RepeatRounds implements Repeater.RoundAsk {
  private static final Logger LOG = LoggerFactory.getLogger(RepeatRounds.class);
  private static final Duration WAIT_STEP = Duration.ofMillis(250);

  private final Store store;
  private final Clock clock;
  private final String runId;
  private final CheckJobSettings settings;
  private final ReplayAggregator aggregator;
  private final Duration stallTimeout;
  private final BooleanSupplier stop;
  private final Consumer<String> answeredBy;
  private final Set<String> overridden;
  private int round;
  private long nextTaskId = 1;
  private long convertedDeadline;
  private Instant askUntil;

  /**
   * @param answeredBy told the worker of every answer read back
   */
  RepeatRounds(
      Store store,
      Clock clock,
      String runId,
      CheckJobSettings settings,
      ReplayAggregator aggregator,
      Duration stallTimeout,
      BooleanSupplier stop,
      Consumer<String> answeredBy) {
    this.store = store;
    this.clock = clock;
    this.runId = runId;
    this.settings = settings;
    this.aggregator = aggregator;
    this.stallTimeout = stallTimeout;
    this.stop = stop;
    this.answeredBy = answeredBy;
    this.overridden = settings.replay().overrideHeaders().lowerCaseNames();
  }

  @Override
  public Repeater.RoundSent ask(Map<RequestRef, Integer> plan, long deadlineNanos)
      throws InterruptedException {
    round++;
    Instant until = wallClock(deadlineNanos);
    Map<Long, RequestRef> refs = new HashMap<>();
    List<RepeatTask> tasks = new ArrayList<>(plan.size());
    for (Map.Entry<RequestRef, Integer> p : plan.entrySet()) {
      HttpRequestData request = aggregator.requestOf(p.getKey());
      if (request == null) {
        continue; // cannot happen: only kept requests are planned
      }
      long id = nextTaskId++;
      Exchange exchange =
          new Exchange(
              aggregator.exchangeIdOf(p.getKey()),
              withoutOverrides(request),
              null,
              null,
              -1,
              "repeat");
      String line = new String(ExchangeRecords.line(exchange), StandardCharsets.UTF_8);
      tasks.add(RepeatTask.of(id, round, line, p.getValue(), until));
      refs.put(id, p.getKey());
    }
    if (tasks.isEmpty()) {
      return new Repeater.RoundSent(0, 0);
    }
    RepeatProgress before = store.repeatProgress(runId);
    store.addRepeatTasks(runId, tasks);
    LOG.info(
        "check run {}: round {} of asking again, {} requests {} times in all",
        runId,
        round,
        tasks.size(),
        plan.values().stream().mapToLong(Integer::longValue).sum());
    awaitRound(before, tasks.size(), deadlineNanos);
    return readBack(refs);
  }

  /**
   * The deadline of the round, in {@link System#nanoTime()} terms on this machine, as the
   * wall-clock instant the workers on every machine compare with; worked out once, so that every
   * round of the check gives its tasks the same instant.
   */
  private Instant wallClock(long deadline) {
    if (askUntil == null || deadline != convertedDeadline) {
      convertedDeadline = deadline;
      askUntil = clock.instant().plusNanos(deadline - System.nanoTime());
    }
    return askUntil;
  }

  /**
   * The answers of this round, in task and ask order, fed to the aggregator; an ask that was sent
   * but not answered (or skipped), or whose answers cannot be compared, counts as an error, as in a
   * check in one process. A task completed with fewer answers than asked for (its time ran out) or
   * withdrawn has simply fewer answers: the asks not started count neither as sent nor as errors.
   */
  private Repeater.RoundSent readBack(Map<Long, RequestRef> refs) {
    long[] sent = {0};
    long[] errors = {0};
    store.forEachRepeatAnswer(
        runId,
        round,
        a -> {
          Replayed r =
              ReplayedJson.read(
                  a.resultJson(), "check run " + runId + ", repeat " + a.exchangeId());
          sent[0]++;
          answeredBy.accept(a.worker());
          RequestRef ref = refs.get(a.taskId());
          if (ref == null
              || !(r instanceof Replayed.Answered answered)
              || !aggregator.addRepeat(ref, answered)) {
            errors[0]++;
          }
        });
    return new Repeater.RoundSent(sent[0], errors[0]);
  }

  /**
   * Waits until every task of the round is done. Progress is a task claimed (or claimed again after
   * its worker died) or completed; a worker busy with long asks renews its claim, which is not
   * progress, but each of its asks ends within the replay's timeout.
   */
  private void awaitRound(RepeatProgress before, int written, long deadlineNanos)
      throws InterruptedException {
    boolean withdrawn = false;
    long lastMark = -1;
    long lastChange = System.nanoTime();
    while (true) {
      RepeatProgress now = store.repeatProgress(runId);
      if (now.pending() == 0) {
        return;
      }
      long t = System.nanoTime();
      if (!withdrawn && t - deadlineNanos >= 0) {
        withdrawn = true;
        int n = store.withdrawRepeatTasks(runId, settings.claimTimeout());
        LOG.info(
            "check run {}: time for asking again is spent; {} repeat tasks nobody took withdrawn",
            runId,
            n);
        continue;
      }
      long mark = now.claims() + now.done();
      if (mark != lastMark) {
        lastMark = mark;
        lastChange = t;
      } else if (t - lastChange > stallTimeout.toNanos()) {
        throw new SpotterException(
            "fleet.stalled",
            String.format(
                Locale.ROOT,
                "check run %s made no progress asking requests again for %d s (round %d: %d of"
                    + " %d repeat tasks done): is a `spotter worker` running against this store?",
                runId,
                stallTimeout.toSeconds(),
                round,
                now.done() - before.done(),
                written),
            true,
            null);
      }
      if (stop.getAsBoolean()) {
        throw new SpotterException(
            "fleet.interrupted",
            "stopped waiting for the workers of check run "
                + runId
                + " while they asked requests again (round "
                + round
                + ")");
      }
      Thread.sleep(WAIT_STEP.toMillis());
    }
  }

  /**
   * The request without the headers the check lays over every request (--set-header, maybe a test
   * token): the worker lays them over again as it prepares the request, so nothing is lost, and the
   * token is not written into the store's tasks.
   */
  private HttpRequestData withoutOverrides(HttpRequestData request) {
    if (overridden.isEmpty()) {
      return request;
    }
    List<Header> kept = new ArrayList<>();
    for (Header h : request.headers().entries()) {
      if (!overridden.contains(h.name().toLowerCase(Locale.ROOT))) {
        kept.add(h);
      }
    }
    return request.withHeaders(new Headers(kept));
  }
}
