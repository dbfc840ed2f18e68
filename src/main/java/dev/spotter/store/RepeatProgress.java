package dev.spotter.store;

/**
 * How far the workers of a distributed check have come with its repeat tasks.
 *
 * @param tasks tasks written (and not withdrawn)
 * @param claims claims taken on them in all: more than the tasks when a claim was taken over
 * @param done tasks whose answers are stored
 */
public record RepeatProgress(long tasks, long claims, long done) {
  /** Tasks still waiting for their answers. */
  public long pending() {
    return tasks - done;
  }
}
