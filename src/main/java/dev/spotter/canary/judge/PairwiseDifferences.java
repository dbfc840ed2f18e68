package dev.spotter.canary.judge;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The n1 * n2 differences {@code c[j] - b[i]} of two sorted samples, never materialised.
 *
 * <p>Counting the differences at or below a value takes one two-pointer pass, O(n1 + n2), because
 * both samples are sorted and floating-point subtraction is monotone. An order statistic is found
 * by narrowing a bracket of values with such counts until few enough differences remain in it,
 * which are then listed and sorted. The Hodges-Lehmann estimate and its confidence bounds are such
 * order statistics, all near the centre, so every count made is remembered and the next search
 * starts from the tightest bracket known. Memory stays O(n1 + n2).
 */
final class PairwiseDifferences {
  private final double[] c;
  private final double[] b;
  private final long total;

  /** Every count made so far: value -> countAtMost(value). */
  private final TreeMap<Double, Long> counted = new TreeMap<>();

  /** Both arrays sorted ascending, finite and non-empty. */
  PairwiseDifferences(double[] sortedC, double[] sortedB) {
    this.c = sortedC;
    this.b = sortedB;
    this.total = (long) sortedC.length * sortedB.length;
  }

  long total() {
    return total;
  }

  /** #{(i, j) : c[j] - b[i] <= d}. */
  long countAtMost(double d) {
    Long known = counted.get(d);
    if (known != null) {
      return known;
    }
    long count = 0;
    int i = 0;
    int nb = b.length;
    for (double cj : c) {
      while (i < nb && cj - b[i] > d) {
        i++;
      }
      count += nb - i;
    }
    counted.put(d, count);
    return count;
  }

  /** #{(i, j) : c[j] - b[i] > d} + #{c[j] - b[i] == d} / 2: the Mann-Whitney U of c - d over b. */
  double uAt(double d) {
    long atMost = countAtMost(d);
    long below = countAtMost(Math.nextDown(d));
    return (total - atMost) + 0.5 * (atMost - below);
  }

  /** The k-th smallest difference, 1-based, k in [1, total]. */
  double kth(long k) {
    return select(k, k)[0];
  }

  /** The median of the differences: the Hodges-Lehmann shift estimate. */
  double median() {
    if (total % 2 == 1) {
      return kth((total + 1) / 2);
    }
    double[] pair = select(total / 2, total / 2 + 1);
    return 0.5 * pair[0] + 0.5 * pair[1];
  }

  /** The from-th to the to-th smallest differences (1-based, a short range), in one search. */
  double[] select(long from, long to) {
    if (from < 1 || to < from || to > total) {
      throw new IllegalArgumentException(
          "ranks must satisfy 1 <= from <= to <= " + total + ", not " + from + " and " + to);
    }
    // Start from the tightest bracket the counts made so far give.
    double lo = Math.nextDown(c[0] - b[b.length - 1]);
    long countLo = 0;
    double hi = c[c.length - 1] - b[0];
    long countHi = total;
    for (Map.Entry<Double, Long> e : counted.entrySet()) {
      if (e.getValue() < from && e.getKey() > lo) {
        lo = e.getKey();
        countLo = e.getValue();
      }
      if (e.getValue() >= to && e.getKey() < hi) {
        hi = e.getKey();
        countHi = e.getValue();
      }
    }
    Probe probe = new Probe();
    if (counted.isEmpty()) {
      // The difference of the medians is usually near the centre of the differences.
      probe.hint = c[c.length / 2] - b[b.length / 2];
      // and a step of about the estimate's standard error gives the secant its second point.
      double spread = c[3 * c.length / 4] - c[c.length / 4] + b[3 * b.length / 4] - b[b.length / 4];
      probe.step = spread / Math.sqrt(Math.min(c.length, b.length));
    } else {
      // Seed the secant with the two counts nearest the wanted ranks (distinct counts).
      double target = 0.5 * (from + to);
      Map.Entry<Double, Long> first = null;
      Map.Entry<Double, Long> second = null;
      for (Map.Entry<Double, Long> e : counted.entrySet()) {
        double distance = Math.abs(e.getValue() - target);
        if (first == null || distance < Math.abs(first.getValue() - target)) {
          if (first != null && !first.getValue().equals(e.getValue())) {
            second = first;
          }
          first = e;
        } else if (!e.getValue().equals(first.getValue())
            && (second == null || distance < Math.abs(second.getValue() - target))) {
          second = e;
        }
      }
      if (second != null) {
        probe.record(second.getKey(), second.getValue());
      }
      probe.record(first.getKey(), first.getValue());
    }
    return select(from, to, lo, countLo, hi, countHi, probe);
  }

  /**
   * The search, from a bracket with {@code countAtMost(lo) = countLo < from} and {@code
   * countAtMost(hi) = countHi >= to}: narrow it until few differences remain in (lo, hi], then list
   * and sort those.
   */
  private double[] select(
      long from, long to, double lo, long countLo, double hi, long countHi, Probe probe) {
    // Few enough to list and sort cheaply, and not worth another counting pass.
    long budget = Math.max(1024L, (c.length + b.length) / 4);
    while (countHi - countLo > budget) {
      // Aim a little beyond the looser end of the wanted ranks, so that each count can tighten
      // that end (as Floyd and Rivest's selection does), guessing the value by a secant through the
      // last two counts (the count is a smooth function near the centre, where the judge looks),
      // else by interpolation in the bracket. Bisect after a guess that did not halve the
      // bracket, so that heavy tails cannot slow the search down much.
      double aim = from - countLo > countHi - to ? from - budget / 4.0 : to + budget / 4.0;
      boolean guessed = !probe.stalled;
      double mid = guessed ? probe.guess(aim, lo, countLo, hi, countHi) : Double.NaN;
      if (!(mid > lo && mid < hi)) {
        mid = 0.5 * lo + 0.5 * hi;
        guessed = false;
      }
      if (!(mid > lo && mid < hi)) {
        break; // lo and hi are adjacent doubles: every difference in (lo, hi] equals hi
      }
      long before = countHi - countLo;
      long countMid = countAtMost(mid);
      probe.record(mid, countMid);
      if (countMid >= to) {
        hi = mid;
        countHi = countMid;
      } else if (countMid < from) {
        lo = mid;
        countLo = countMid;
      } else {
        // mid splits the wanted ranks: finish each side in its own bracket.
        double[] left = select(from, countMid, lo, countLo, mid, countMid, probe);
        double[] right = select(countMid + 1, to, mid, countMid, hi, countHi, probe);
        double[] out = Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, out, left.length, right.length);
        return out;
      }
      probe.stalled = guessed && !probe.seeded && countHi - countLo > before / 2;
    }
    double[] out = new double[(int) (to - from + 1)];
    if (countHi - countLo > budget) {
      Arrays.fill(out, hi); // adjacent doubles: all of them equal hi
      return out;
    }
    double[] between = between(lo, hi, (int) (countHi - countLo));
    Arrays.sort(between);
    System.arraycopy(between, (int) (from - countLo - 1), out, 0, out.length);
    return out;
  }

  /** The last two counts of a search, for secant guesses. */
  private static final class Probe {
    private double x1 = Double.NaN;
    private double x2 = Double.NaN;
    private long f1;
    private long f2;
    double hint = Double.NaN;
    double step = Double.NaN;
    boolean stalled;

    /** Whether the last guess was a seed (hint or step), which is not judged by its progress. */
    boolean seeded;

    void record(double x, long f) {
      x1 = x2;
      f1 = f2;
      x2 = x;
      f2 = f;
    }

    double guess(double aim, double lo, long countLo, double hi, long countHi) {
      seeded = false;
      if (!Double.isNaN(hint)) {
        double h = hint;
        hint = Double.NaN;
        seeded = true;
        return h;
      }
      if (!Double.isNaN(x1) && f1 != f2) {
        return x2 + (aim - f2) * (x2 - x1) / (f2 - f1);
      }
      if (!Double.isNaN(x2) && step > 0) {
        double s = step;
        step = Double.NaN;
        seeded = true;
        return aim > f2 ? x2 + s : x2 - s;
      }
      return lo + (aim - countLo) / (countHi - countLo) * (hi - lo);
    }
  }

  /** The differences in (lo, hi], of which there are {@code size}. */
  private double[] between(double lo, double hi, int size) {
    double[] out = new double[size];
    int n = 0;
    int iHi = 0; // first i with c[j] - b[i] <= hi
    int iLo = 0; // first i with c[j] - b[i] <= lo
    int nb = b.length;
    for (double cj : c) {
      while (iHi < nb && cj - b[iHi] > hi) {
        iHi++;
      }
      while (iLo < nb && cj - b[iLo] > lo) {
        iLo++;
      }
      for (int i = iHi; i < iLo; i++) {
        out[n++] = cj - b[i];
      }
    }
    return out;
  }
}
