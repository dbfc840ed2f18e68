package dev.spotter.replay;

import dev.spotter.model.Endpoint;

/**
 * An endpoint the check did not cover: every request of it was skipped (a POST without {@code
 * --allow-side-effects}, a body cut at capture). Not covered is not undecided: nothing was
 * compared, by policy, and the reports say so apart from the verdict.
 *
 * @param endpoint method and path template
 * @param requests its requests, all skipped
 * @param detail why, as the first skip of it said
 */
public record NotCovered(Endpoint endpoint, long requests, String detail) {}
