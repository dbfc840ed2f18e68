package dev.spotter.store;

import java.time.Instant;

/**
 * A run as the store keeps it: a few columns to list and filter by, and the full report as JSON.
 *
 * @param id assigned by the store; null before saving
 * @param kind {@code check} or {@code shadow}; later {@code canary}
 * @param source what was replayed, such as {@code corpus demo}
 * @param startedAt start of the run
 * @param finishedAt end of the run, or null while it goes on
 * @param verdict {@code pass}, {@code fail}, {@code undecided} or {@code incomplete} (so far, while
 *     it goes on); free text, so a canary keeps its own words
 * @param requests requests read
 * @param regressions regressions found
 * @param reportJson the run's report.json, or null when listed without it
 */
public record StoredRun(
    String id,
    String kind,
    String source,
    Instant startedAt,
    Instant finishedAt,
    String verdict,
    long requests,
    long regressions,
    String reportJson) {}
