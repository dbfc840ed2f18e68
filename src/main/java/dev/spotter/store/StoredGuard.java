package dev.spotter.store;

import java.time.Instant;

/**
 * A guard as the store keeps it.
 *
 * @param id assigned by the store; 0 before saving
 * @param incidentId the incident it protects against
 * @param requestJson the pinned request
 * @param expectation the expectation's text form
 */
public record StoredGuard(
    long id,
    long incidentId,
    String name,
    String requestJson,
    String expectation,
    boolean active,
    Instant createdAt) {}
