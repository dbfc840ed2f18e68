package dev.spotter.diff.noise;

import dev.spotter.diff.ValueChange;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far and in what form the values at one path moved over a run: a histogram of the decades of
 * relative numeric changes, and the string shape transitions seen. Bounded in size.
 */
final class ValueProfile {
  static final int DECADES = 22; // decade -20 .. 1
  private static final int MAX_TRANSITIONS = 64;

  private final long[] decadeCounts = new long[DECADES];
  private final Map<String, Long> transitions = new LinkedHashMap<>();
  private long numeric;
  private long textual;

  /**
   * Adds the value changes one request showed at this path, counting the request once: its largest
   * numeric change and each distinct string transition.
   */
  void addRequest(List<ValueChange> changes) {
    int maxDecade = Integer.MIN_VALUE;
    Set<String> seen = null;
    for (ValueChange change : changes) {
      if (change instanceof ValueChange.Numeric n) {
        maxDecade = Math.max(maxDecade, n.decade());
      } else if (change instanceof ValueChange.Textual t) {
        if (seen == null) {
          seen = new HashSet<>(2);
        }
        seen.add(t.transition());
      }
    }
    if (maxDecade != Integer.MIN_VALUE) {
      decadeCounts[maxDecade + 20]++;
      numeric++;
    }
    if (seen != null) {
      textual++;
      for (String key : seen) {
        if (transitions.containsKey(key) || transitions.size() < MAX_TRANSITIONS) {
          transitions.merge(key, 1L, Long::sum);
        }
      }
    }
  }

  /** The largest decade seen, or {@link Integer#MIN_VALUE} when no number changed. */
  int maxDecade() {
    for (int i = DECADES - 1; i >= 0; i--) {
      if (decadeCounts[i] > 0) {
        return i - 20;
      }
    }
    return Integer.MIN_VALUE;
  }

  long countAboveDecade(int decade) {
    long sum = 0;
    for (int i = Math.max(0, decade + 21); i < DECADES; i++) {
      sum += decadeCounts[i];
    }
    return sum;
  }

  /** Requests whose changes here were measured (numbers or strings). */
  long measured() {
    return numeric + textual;
  }

  boolean hasNumeric() {
    return numeric > 0;
  }

  boolean hasTextual() {
    return textual > 0;
  }

  Map<String, Long> transitions() {
    return transitions;
  }

  /** Transitions that change the shape (uuid->integer), not mere value changes (uuid->uuid). */
  static boolean changesShape(String transition) {
    int arrow = transition.indexOf("->");
    return !transition.substring(0, arrow).equals(transition.substring(arrow + 2));
  }
}
