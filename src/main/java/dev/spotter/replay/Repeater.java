package dev.spotter.replay;

import dev.spotter.diff.noise.RequestRef;
import dev.spotter.diff.noise.RunFindings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Asks again, in rounds, the requests whose answers could decide what is still undecided, until
 * everything is decided or a budget is spent. After each round everything is judged again, and only
 * what is still undecided is asked for in the next; rounds grow (2, 4, 8 ... asks per request) so a
 * plain change is settled in a few of them. The asks of one request in a round go one after
 * another, different requests at once, at most {@code concurrency} at a time.
 *
 * <p>Choosing what to ask from what was seen is safe for the verdicts: every test in the judgement
 * is a test martingale, valid however the sampling was steered.
 */
public final class Repeater {
  private final RepeatSettings limits;
  private final Comparison comparison;
  private final int concurrency;
  private final LongSupplier nanoTime;

  /** Sends one request again and judges the answers; completes with whether it was compared. */
  interface Ask {
    CompletableFuture<Boolean> ask(RequestRef request);
  }

  /**
   * Sends a whole round at once, for askers that work in batches (the workers of a fleet): each
   * request the given number of times, one after another, and judges every answer.
   */
  public interface RoundAsk {
    /**
     * @param plan how many times to ask each request this round
     * @param deadlineNanos in {@link System#nanoTime()} terms: asks not started by then are left
     * @return what was sent and how much of it could not be compared
     */
    RoundSent ask(Map<RequestRef, Integer> plan, long deadlineNanos) throws InterruptedException;
  }

  /** What a round sent: exchanges asked, and of them how many could not be compared. */
  public record RoundSent(long exchanges, long errors) {}

  Repeater(RepeatSettings limits, Comparison comparison, int concurrency, LongSupplier nanoTime) {
    this.limits = limits;
    this.comparison = comparison;
    this.concurrency = Math.max(1, concurrency);
    this.nanoTime = nanoTime;
  }

  /**
   * Runs the rounds. When the thread is interrupted, asking stops (asks in flight are finished
   * first), what was learnt so far is kept, the interrupt is set again, and the result says so.
   *
   * @param unavailable why a request cannot be asked again, or null when it can
   * @param ask sends a request again
   * @param progress told how many asks are done of those planned so far
   */
  Repeats run(Function<RequestRef, String> unavailable, Ask ask, ReplayProgress progress) {
    return runRounds(unavailable, (plan, deadline) -> round(plan, ask, deadline, progress));
  }

  /**
   * Runs the rounds, each sent whole by {@code roundAsk}; stops on an interrupt, as {@link #run}.
   */
  Repeats runRounds(Function<RequestRef, String> unavailable, RoundAsk roundAsk) {
    long started = nanoTime.getAsLong();
    long deadline = started + limits.maxTime().toNanos();
    AtomicLong sent = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Set<RequestRef> asked = new HashSet<>();
    // asks tried, compared or not: the per-request budget counts every one
    Map<RequestRef, Integer> attempted = new HashMap<>();
    int rounds = 0;
    String endedBecause = null;
    while (true) {
      RunFindings findings = comparison.judge();
      if (findings.askAgain().isEmpty()) {
        endedBecause = null;
        break;
      }
      if (!limits.enabled()) {
        endedBecause = "asking again is off (replay.repeats)";
        break;
      }
      if (Thread.currentThread().isInterrupted()) {
        endedBecause = "the check was interrupted while asking again";
        break;
      }
      List<Planned> plan =
          plan(findings.askAgain(), unavailable, attempted, 2 << Math.min(rounds, 20));
      if (plan.isEmpty()) {
        endedBecause = null; // every undecided finding names why its requests were not asked
        break;
      }
      long left = limits.maxExchanges() - sent.get();
      if (left <= 0) {
        endedBecause = "the check's budget of " + limits.maxExchanges() + " repeats is spent";
        break;
      }
      if (nanoTime.getAsLong() >= deadline) {
        endedBecause =
            "the check's time for asking again (" + format(limits.maxTime()) + ") is spent";
        break;
      }
      plan = trim(plan, left);
      Map<RequestRef, Integer> round = new LinkedHashMap<>();
      for (Planned p : plan) {
        round.put(p.request(), p.times());
        asked.add(p.request());
        attempted.merge(p.request(), p.times(), Integer::sum);
      }
      RoundSent done;
      try {
        done = roundAsk.ask(round, deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        endedBecause = "the check was interrupted while asking again";
        rounds++;
        break;
      }
      sent.addAndGet(done.exchanges());
      errors.addAndGet(done.errors());
      rounds++;
    }
    if (endedBecause != null) {
      comparison.askingEnded(endedBecause);
    }
    return new Repeats(
        sent.get(),
        asked.size(),
        rounds,
        Duration.ofNanos(nanoTime.getAsLong() - started),
        errors.get(),
        endedBecause,
        limits);
  }

  /** One request and how many times to ask it this round. */
  private record Planned(RequestRef request, int times) {}

  private List<Planned> plan(
      List<RequestRef> wanted,
      Function<RequestRef, String> unavailable,
      Map<RequestRef, Integer> attempted,
      int perRound) {
    List<Planned> plan = new ArrayList<>();
    for (RequestRef ref : wanted) {
      String why = unavailable.apply(ref);
      if (why != null) {
        comparison.notAskedAgain(ref, why);
        continue;
      }
      int done = Math.max(comparison.repeatsOf(ref), attempted.getOrDefault(ref, 0));
      int left = limits.perRequest() - done;
      if (left <= 0) {
        comparison.notAskedAgain(
            ref, "its " + limits.perRequest() + " repeats were spent (replay.repeats.perRequest)");
        continue;
      }
      plan.add(new Planned(ref, Math.min(perRound, left)));
    }
    return plan;
  }

  /** The plan cut to what the check's budget still allows; the rest is told why. */
  private List<Planned> trim(List<Planned> plan, long left) {
    List<Planned> kept = new ArrayList<>();
    long budget = left;
    for (Planned p : plan) {
      if (budget <= 0) {
        comparison.notAskedAgain(
            p.request(), "the check's budget of " + limits.maxExchanges() + " repeats was spent");
        continue;
      }
      int times = (int) Math.min(p.times(), budget);
      kept.add(new Planned(p.request(), times));
      budget -= times;
    }
    return kept;
  }

  /** One round in this process: each request's asks one after another, requests at once. */
  private RoundSent round(
      Map<RequestRef, Integer> plan, Ask ask, long deadline, ReplayProgress progress)
      throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Void>> chains = new ArrayList<>(plan.size());
    AtomicLong done = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicBoolean cancelled = new AtomicBoolean();
    long planned = plan.values().stream().mapToLong(Integer::longValue).sum();
    try {
      for (Map.Entry<RequestRef, Integer> p : plan.entrySet()) {
        try {
          slots.acquire();
        } catch (InterruptedException e) {
          cancelled.set(true); // chains in flight stop after their current ask
          throw e;
        }
        CompletableFuture<Void> chain = new CompletableFuture<>();
        chains.add(chain);
        next(p.getKey(), p.getValue(), ask, deadline, sent, errors, cancelled, chain);
        chain.whenComplete(
            (v, e) -> {
              slots.release();
              progress.asking(done.addAndGet(p.getValue()), planned);
            });
      }
    } finally {
      // even when interrupted: nothing may be left running against the targets
      boolean interrupted = false;
      for (CompletableFuture<Void> c : chains) {
        while (true) {
          try {
            c.get(1, TimeUnit.HOURS);
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            break;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return new RoundSent(sent.get(), errors.get());
  }

  /** Asks {@code times} more times, one after another, unless the deadline passes. */
  private void next(
      RequestRef ref,
      int times,
      Ask ask,
      long deadline,
      AtomicLong sent,
      AtomicLong errors,
      AtomicBoolean cancelled,
      CompletableFuture<Void> chain) {
    if (times == 0 || nanoTime.getAsLong() >= deadline || cancelled.get()) {
      chain.complete(null);
      return;
    }
    sent.incrementAndGet();
    CompletableFuture<Boolean> one;
    try {
      one = ask.ask(ref);
    } catch (RuntimeException e) {
      one = CompletableFuture.completedFuture(false);
    }
    one.whenComplete(
        (compared, error) -> {
          if (error != null || !Boolean.TRUE.equals(compared)) {
            errors.incrementAndGet();
          }
          next(ref, times - 1, ask, deadline, sent, errors, cancelled, chain);
        });
  }

  static String format(Duration d) {
    if (d.toMillis() % 60_000 == 0 && d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
