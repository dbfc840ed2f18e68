package dev.spotter.incident;

import dev.spotter.model.HttpRequestData;
import java.time.Instant;

/**
 * A request that reproduced a production incident, pinned with what the new build must answer to
 * it. Every {@code spotter check} replays the active ones against the candidate.
 *
 * @param incidentTitle the title of the incident it protects against, for messages
 */
public record Guard(
    long id,
    long incidentId,
    String incidentTitle,
    String name,
    HttpRequestData request,
    Expectation expectation,
    boolean active,
    Instant createdAt) {}
