package dev.spotter.fleet;

import java.util.Map;

/**
 * How far a distributed check has come, from the progress its workers stored.
 *
 * @param done records replayed (or skipped) and stored
 * @param total records the check covers
 */
record Completion(long done, long total) {
  static Completion of(CheckJobSettings s, Map<Integer, Long> progress) {
    long done = 0;
    for (PartitionRange r : s.partitions()) {
      long next = progress.getOrDefault(r.partition(), r.start());
      done += Math.min(r.end(), Math.max(r.start(), next)) - r.start();
    }
    return new Completion(done, s.records());
  }

  boolean complete() {
    return done >= total;
  }
}
