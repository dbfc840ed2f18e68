package dev.spotter.stream;

/**
 * What one {@link StreamIngester} run did.
 *
 * @param stored exchanges the store took as new
 * @param duplicates exchanges the store already held (a redelivery after a restart or rebalance)
 * @param unreadable records skipped because they hold no readable exchange
 * @param batches polled batches stored and committed
 * @param stoppedBecause {@code stopped} (asked to) or {@code idle} (nothing new for the idle time)
 */
public record IngestSummary(
    long stored, long duplicates, long unreadable, long batches, String stoppedBecause) {}
