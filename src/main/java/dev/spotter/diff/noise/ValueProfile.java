package dev.spotter.diff.noise;

import dev.spotter.diff.Difference;
import dev.spotter.diff.ValueChange;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far and in what form the values at one path moved over a run: a histogram of the decades of
 * relative numeric changes, the string shape and JSON type transitions seen, and how many distinct
 * values the other side showed. Bounded in size.
 */
final class ValueProfile {
  static final int DECADES = 22; // decade -20 .. 1
  private static final int MAX_TRANSITIONS = 64;

  /** Distinct values are only counted up to here: enough to know a value really varies. */
  static final int DISTINCT_CAP = 16;

  private final long[] decadeCounts = new long[DECADES];
  private final Map<String, Long> transitions = new LinkedHashMap<>();
  private final Set<Integer> distinctOthers = new HashSet<>();
  private long numeric;
  private long textual;

  /**
   * Adds the differences one request showed at this path, counting the request once: its largest
   * numeric change and each distinct shape or type transition.
   */
  void addRequest(List<Difference> differences) {
    int maxDecade = Integer.MIN_VALUE;
    Set<String> seen = null;
    for (Difference d : differences) {
      ValueChange change = d.change();
      String transition = null;
      if (change instanceof ValueChange.Numeric n) {
        maxDecade = Math.max(maxDecade, n.decade());
      } else if (change instanceof ValueChange.Textual t) {
        transition = t.transition();
      } else if (change instanceof ValueChange.TypeShift t) {
        transition = t.transition();
      }
      if (transition != null) {
        if (seen == null) {
          seen = new HashSet<>(2);
        }
        seen.add(transition);
      }
      if (distinctOthers.size() < DISTINCT_CAP && d.other() != null) {
        distinctOthers.add(d.other().hashCode());
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

  /** Requests whose changes here were measured (numbers, strings or types). */
  long measured() {
    return numeric + textual;
  }

  /** How many distinct values the other side showed here, counted up to {@link #DISTINCT_CAP}. */
  int distinctValues() {
    return distinctOthers.size();
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

  boolean hasNumeric() {
    return numeric > 0;
  }

  boolean hasTransitions() {
    return textual > 0;
  }

  Map<String, Long> transitions() {
    return transitions;
  }

  /** Type transitions always change the form; string transitions when the shape differs. */
  static boolean changesShape(String transition) {
    if (isTypeShift(transition)) {
      return true;
    }
    int arrow = transition.indexOf("->");
    return !transition.substring(0, arrow).equals(transition.substring(arrow + 2));
  }

  static boolean isTypeShift(String transition) {
    return transition.startsWith("type:");
  }
}
