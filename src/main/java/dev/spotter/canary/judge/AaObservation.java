package dev.spotter.canary.judge;

/**
 * One request seen in A/A mode (both arms running the same build).
 *
 * @param key the stable 64-bit hash of its user's routing key
 * @param step the step it was seen in (0-based index into the run's canary shares)
 * @param look the look it was seen before: looks are numbered from 0 over the whole run and
 *     increase
 * @param latencyMs its latency, NaN when it was not answered
 * @param error whether it failed (5xx, connection error, timeout)
 */
public record AaObservation(long key, int step, int look, double latencyMs, boolean error) {}
