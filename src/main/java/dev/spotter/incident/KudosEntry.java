package dev.spotter.incident;

import java.time.Instant;

/**
 * A line of the kudos log: someone (or Spotter itself) did something that made the service safer.
 *
 * @param fromSpotter Spotter wrote it (a check that caught a regression, a canary that rolled back,
 *     an action item closed)
 * @param link where to read more, or null
 */
public record KudosEntry(
    long id, String who, String what, Instant at, String link, boolean fromSpotter) {}
