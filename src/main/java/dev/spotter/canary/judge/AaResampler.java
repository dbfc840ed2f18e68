package dev.spotter.canary.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.special.Beta;

/**
 * Estimates a judge's false-alarm rate from an A/A run (both arms on the same build) by splitting
 * the same users into a pseudo-baseline and a pseudo-canary again and again, and replaying every
 * look of the run through a {@link Judge}. Any FAIL is a false alarm, since nothing differs.
 *
 * <p>VALUE metrics are not replayed: A/A observations carry latencies and errors only, so those
 * metrics stay INCONCLUSIVE ("too little data") and never fail. Re-splits of one run are not
 * independent runs: they share the traffic, so the estimate describes this traffic's behaviour
 * under the judge, not a new sample of the world.
 */
public final class AaResampler {
  /** Users are split into this many buckets, as the canary's router does. */
  static final int BUCKETS = 10_000;

  private AaResampler() {}

  /**
   * Re-splits the observations {@code resplits} times: each split puts a user in the pseudo-canary
   * when a salted hash of its key falls in a bucket below {@code canaryBasisPoints[step]} (of
   * 10,000), then replays the run's looks in order, judging at each look the data of its step up to
   * and including it, and counts the runs with any FAIL, and those that reached a decision at all.
   * Deterministic for a seed.
   */
  public static FalseAlarmRate estimate(
      JudgeSettings settings,
      List<AaObservation> observations,
      int[] canaryBasisPoints,
      int resplits,
      long seed) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(observations, "observations");
    Objects.requireNonNull(canaryBasisPoints, "canaryBasisPoints");
    if (resplits < 1) {
      throw new IllegalArgumentException("resplits: must be >= 1, not " + resplits);
    }
    for (int i = 0; i < canaryBasisPoints.length; i++) {
      if (canaryBasisPoints[i] < 0 || canaryBasisPoints[i] > BUCKETS) {
        throw new IllegalArgumentException(
            "canaryBasisPoints["
                + i
                + "]: must be in [0, "
                + BUCKETS
                + "], not "
                + canaryBasisPoints[i]);
      }
    }
    List<AaObservation> ordered = new ArrayList<>(observations);
    for (AaObservation o : ordered) {
      if (o.step() < 0 || o.step() >= canaryBasisPoints.length) {
        throw new IllegalArgumentException(
            "observations: step "
                + o.step()
                + " has no canary share (canaryBasisPoints has "
                + canaryBasisPoints.length
                + ")");
      }
    }
    ordered.sort(
        Comparator.comparingInt(AaObservation::look).thenComparingInt(AaObservation::step));
    Judge judge = new Judge(settings);
    int alarms = 0;
    int decided = 0;
    for (int r = 0; r < resplits; r++) {
      long salt = mix(seed + (r + 1) * 0x9E3779B97F4A7C15L);
      Replay replay = replay(judge, ordered, canaryBasisPoints, salt);
      alarms += replay == Replay.FAILED ? 1 : 0;
      decided += replay != Replay.UNDECIDED ? 1 : 0;
    }
    return new FalseAlarmRate(
        resplits,
        alarms,
        (double) alarms / resplits,
        settings.alpha(),
        upper95(alarms, resplits),
        decided);
  }

  /** How one split's replay ended. */
  private enum Replay {
    /** A FAIL at some look: a false alarm. */
    FAILED,
    /** Every step PASSed at its last look. */
    PASSED,
    /** Some step stayed inconclusive, or saw no traffic. */
    UNDECIDED
  }

  private static Replay replay(
      Judge judge, List<AaObservation> ordered, int[] canaryBasisPoints, long salt) {
    Verdict[] last = new Verdict[canaryBasisPoints.length];
    Arm[][] arms = new Arm[canaryBasisPoints.length][];
    int i = 0;
    while (i < ordered.size()) {
      int look = ordered.get(i).look();
      boolean[] touched = new boolean[canaryBasisPoints.length];
      for (; i < ordered.size() && ordered.get(i).look() == look; i++) {
        AaObservation o = ordered.get(i);
        if (arms[o.step()] == null) {
          arms[o.step()] = new Arm[] {new Arm(), new Arm()};
        }
        boolean canary = bucket(o.key(), salt) < canaryBasisPoints[o.step()];
        arms[o.step()][canary ? 1 : 0].add(o);
        touched[o.step()] = true;
      }
      for (int s = 0; s < touched.length; s++) {
        if (touched[s]) {
          last[s] = judge.judge(arms[s][0].data(), arms[s][1].data()).verdict();
          if (last[s] == Verdict.FAIL) {
            return Replay.FAILED;
          }
        }
      }
    }
    for (Verdict v : last) {
      if (v != Verdict.PASS) {
        return Replay.UNDECIDED;
      }
    }
    return Replay.PASSED;
  }

  /** The bucket of a user under one split's salt. */
  static int bucket(long key, long salt) {
    return (int) Long.remainderUnsigned(mix(key ^ salt), BUCKETS);
  }

  /** SplitMix64's finaliser: a fast, well-mixing bijection on 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** One-sided 95 % Clopper-Pearson upper bound on a rate from x events in n trials. */
  static double upper95(int x, int n) {
    if (x >= n) {
      return 1;
    }
    // The u with P(Binomial(n, u) <= x) = 0.05, i.e. I_u(x + 1, n - x) = 0.95.
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (Beta.regularizedBeta(mid, x + 1, n - x) < 0.95) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** One arm's growing data within a step. */
  private static final class Arm {
    private long requests;
    private long errors;
    private double[] latencies = new double[64];
    private int size;

    void add(AaObservation o) {
      requests++;
      if (o.error()) {
        errors++;
      }
      if (!Double.isNaN(o.latencyMs())) {
        if (size == latencies.length) {
          latencies = Arrays.copyOf(latencies, 2 * size);
        }
        latencies[size++] = o.latencyMs();
      }
    }

    ArmData data() {
      return new ArmData(requests, errors, Arrays.copyOf(latencies, size), Map.of());
    }
  }
}
