package dev.spotter.store;

import java.time.Instant;

/**
 * A canary run as the store keeps it: what resuming and operator commands need as columns, the rest
 * as JSON that only the canary package reads.
 *
 * @param name the run's name, its key
 * @param state {@code running}, {@code paused}, {@code promoted}, {@code rolled_back} or {@code
 *     aborted}
 * @param stepIndex the step the run is in (or ended in), from 0
 * @param canaryBasisPoints routing buckets (of 10,000) on the canary now
 * @param salt mixed into the routing hash, kept so a resumed run keeps the same users on the canary
 * @param updatedAt the last time the running process wrote this row (its heartbeat)
 * @param pendingCommand {@code promote} or {@code abort} left by an operator, or null
 * @param stateJson the run's full record
 */
public record StoredCanary(
    String name,
    String state,
    int stepIndex,
    int canaryBasisPoints,
    String salt,
    Instant startedAt,
    Instant updatedAt,
    String pendingCommand,
    String stateJson) {}
