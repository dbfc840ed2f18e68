package dev.spotter.diff.noise;

import dev.spotter.model.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * The writes of a run that reached some targets but not the others, counted: after them the
 * targets' states may differ, so differences the old build's copies show on later reads are not
 * taken for its nondeterminism.
 *
 * @param writes how many such writes
 * @param byEndpoint how many per write endpoint, most first
 * @param byReached how many per set of targets that took them ("the primary": 3)
 * @param first the earliest of them, or null when there is none
 */
public record StateDrift(
    long writes, Map<Endpoint, Long> byEndpoint, Map<String, Long> byReached, DriftingWrite first) {
  /** No write drifted. */
  public static final StateDrift NONE = new StateDrift(0, Map.of(), Map.of(), null);

  public StateDrift {
    byEndpoint = Map.copyOf(byEndpoint);
    byReached = Map.copyOf(byReached);
  }

  /** Whether any write drifted. */
  public boolean any() {
    return writes > 0;
  }

  /**
   * "1 write reached the primary only (first: POST /posts at 2026-12-08T00:41:40Z)"; several sets
   * of targets are each counted: "3 writes reached the primary only, 1 write the primary and the
   * candidate only (first: ...)".
   */
  public String sentence() {
    if (!any()) {
      return "no write reached some targets and not the others";
    }
    StringBuilder s = new StringBuilder();
    List<Map.Entry<String, Long>> sets =
        byReached.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .toList();
    for (Map.Entry<String, Long> e : sets) {
      boolean firstSet = s.length() == 0;
      s.append(firstSet ? "" : ", ")
          .append(NoiseJudge.count(e.getValue()))
          .append(e.getValue() == 1 ? " write " : " writes ")
          .append(firstSet ? "reached " : "")
          .append(e.getKey())
          .append(" only");
    }
    return s.append(" (first: ")
        .append(first.request())
        .append(" at ")
        .append(first.at())
        .append(", ")
        .append(first.detail())
        .append(")")
        .toString();
  }

  /** What to do so that a run judges these endpoints at all. */
  public static final String REMEDY =
      "replay with --allow-side-effects against disposable copies, or start the copies from the"
          + " same snapshot";
}
