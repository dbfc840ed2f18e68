package dev.spotter.store;

/**
 * How far the workers of a distributed check have come in one stream partition.
 *
 * @param partition the partition
 * @param nextOffset the offset of the first record not yet replayed and stored
 */
public record PartitionProgress(int partition, long nextOffset) {}
