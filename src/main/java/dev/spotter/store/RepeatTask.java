package dev.spotter.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One request the coordinator of a distributed check asks again through its workers: sent {@code
 * times} times, one after another, by whichever worker claims it. A claim not renewed for the job's
 * claim timeout (its worker died) may be taken by another worker; the first to complete the task
 * stores its answers, and a later completion is ignored.
 *
 * @param taskId numbered by the coordinator across the rounds of its run; answers are judged in
 *     this order
 * @param round the round of asking again it belongs to (1, 2, ...)
 * @param exchangeJson the request as Spotter's JSONL line, its id the id of the exchange it repeats
 * @param times how many times to send it, unless its time runs out first
 * @param askUntil when the check's time for asking again ends: no ask of the task is started after
 *     it, and the task is completed with the answers it has (maybe none)
 * @param claimedBy the worker that holds (or completed) it, or null
 * @param claimedAt when its claim was taken or last renewed, or null
 * @param doneAt when its answers were stored, or null
 */
public record RepeatTask(
    long taskId,
    int round,
    String exchangeJson,
    int times,
    Instant askUntil,
    String claimedBy,
    Instant claimedAt,
    Instant doneAt) {
  public RepeatTask {
    Objects.requireNonNull(exchangeJson, "exchangeJson");
    Objects.requireNonNull(askUntil, "askUntil");
    if (times < 1) {
      throw new IllegalArgumentException("a task asks at least once, not " + times + " times");
    }
  }

  /** A task as the coordinator writes it: nobody has claimed it yet. */
  public static RepeatTask of(
      long taskId, int round, String exchangeJson, int times, Instant askUntil) {
    return new RepeatTask(taskId, round, exchangeJson, times, askUntil, null, null, null);
  }
}
