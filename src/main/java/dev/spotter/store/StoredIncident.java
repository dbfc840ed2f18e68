package dev.spotter.store;

import java.time.Instant;

/**
 * A post-mortem as the store keeps it: columns to list by, the document as JSON.
 *
 * @param id assigned by the store; 0 before saving
 * @param version rises with every edit; an edit against an older version is refused
 * @param bodyJson the whole post-mortem, which only the incident package reads
 */
public record StoredIncident(
    long id,
    String title,
    String severity,
    String status,
    Instant startedAt,
    Instant resolvedAt,
    long version,
    Instant createdAt,
    Instant updatedAt,
    String bodyJson) {}
