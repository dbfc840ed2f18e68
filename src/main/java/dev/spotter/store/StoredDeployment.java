package dev.spotter.store;

import java.time.Instant;

/** A deployment as the store keeps it; see {@code dev.spotter.incident.Deployment}. */
public record StoredDeployment(
    long id,
    String version,
    Instant commitTime,
    Instant deployedAt,
    String result,
    Instant recoveredAt,
    boolean unplanned,
    String source) {}
