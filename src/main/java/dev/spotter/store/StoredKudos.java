package dev.spotter.store;

import java.time.Instant;

/**
 * A kudos entry.
 *
 * @param source {@code person}, or {@code spotter} for the entries Spotter adds itself
 */
public record StoredKudos(
    long id, String who, String what, Instant at, String link, String source) {}
