package dev.spotter.canary;

import java.time.Instant;

/**
 * A line of a canary run's timeline: a step started, was extended, passed; the run paused, resumed,
 * was rolled back; a hook ran.
 *
 * @param kind a stable machine name such as {@code step_started}, {@code rolled_back}, {@code
 *     hook_failed}
 * @param message one sentence for people
 */
public record RunEvent(Instant at, String kind, String message) {}
