package dev.spotter.store;

import java.time.Instant;

/**
 * A named corpus.
 *
 * @param name its name, as given to {@code --corpus}
 * @param exchanges how many exchanges it holds
 * @param createdAt when its first exchange was stored
 * @param updatedAt when its last exchange was stored
 */
public record CorpusInfo(String name, long exchanges, Instant createdAt, Instant updatedAt) {}
