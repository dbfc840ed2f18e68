package dev.spotter.fleet;

/**
 * The records of one partition a distributed check covers: from {@code start} (inclusive) to {@code
 * end} (exclusive), fixed when the check opens so that it ends although traffic keeps arriving.
 */
public record PartitionRange(int partition, long start, long end) {
  public PartitionRange {
    if (partition < 0 || start < 0 || end < start) {
      throw new IllegalArgumentException(
          "bad range for partition " + partition + ": " + start + ".." + end);
    }
  }

  /** How many offsets the range spans. */
  public long size() {
    return end - start;
  }
}
