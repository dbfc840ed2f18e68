package dev.spotter.incident;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the DORA figures (dora.dev) of a service from its deployments: deployment frequency,
 * change lead time, change fail rate, failed deployment recovery time and deployment rework rate,
 * each graded against the bands of the DORA, Accelerate State of DevOps Report 2024.
 *
 * <p>Pure: no I/O and no clock. The caller passes the window, which is half-open: a deployment
 * counts in {@code [windowStart, windowEnd)} by its {@code deployedAt}, so consecutive windows
 * never count one twice. How each figure and band is reached: docs/dora.md.
 */
public final class DoraMetrics {
  /** The most buckets {@link #trend} draws; more is a mistake, not a chart. */
  public static final int MAX_BUCKETS = 1000;

  private DoraMetrics() {}

  /**
   * The figures of the deployments made in {@code [windowStart, windowEnd)}; the others are
   * ignored.
   *
   * @throws IllegalArgumentException when an argument or a deployment is null, or the window does
   *     not end after it starts
   */
  public static DoraReport compute(
      List<Deployment> deployments, Instant windowStart, Instant windowEnd) {
    requireDeployments(deployments);
    require(windowStart, "windowStart");
    require(windowEnd, "windowEnd");
    if (!windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException(
          "windowEnd ("
              + windowEnd
              + ") must be after windowStart ("
              + windowStart
              + "): the window is [windowStart, windowEnd)");
    }
    List<Deployment> in = new ArrayList<>();
    for (Deployment d : deployments) {
      if (!d.deployedAt().isBefore(windowStart) && d.deployedAt().isBefore(windowEnd)) {
        in.add(d);
      }
    }
    return DoraFigures.report(in, windowStart, windowEnd);
  }

  /**
   * The figures per consecutive bucket, oldest first, for trend charts: bucket {@code i} covers
   * {@code [end − (buckets − i)·bucket, end − (buckets − i − 1)·bucket)}, so the buckets partition
   * {@code [end − buckets·bucket, end)} and every deployment in it counts in exactly one.
   *
   * @param end the last bucket's end, excluded (usually now)
   * @param bucket each bucket's length, for example a week
   * @param buckets how many, 1 to {@value #MAX_BUCKETS}
   * @throws IllegalArgumentException when an argument or a deployment is null, the bucket is not
   *     positive, the count is out of range, or the buckets reach before the earliest instant
   */
  public static List<DoraReport> trend(
      List<Deployment> deployments, Instant end, Duration bucket, int buckets) {
    requireDeployments(deployments);
    require(end, "end");
    require(bucket, "bucket");
    if (bucket.isNegative() || bucket.isZero()) {
      throw new IllegalArgumentException("bucket must be a positive duration, not " + bucket);
    }
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "buckets must be between 1 and " + MAX_BUCKETS + ", not " + buckets);
    }
    Instant start = start(end, bucket, buckets);
    List<List<Deployment>> perBucket = new ArrayList<>(buckets);
    for (int i = 0; i < buckets; i++) {
      perBucket.add(new ArrayList<>());
    }
    for (Deployment d : deployments) {
      if (!d.deployedAt().isBefore(start) && d.deployedAt().isBefore(end)) {
        long i = Duration.between(start, d.deployedAt()).dividedBy(bucket);
        perBucket.get((int) i).add(d);
      }
    }
    List<DoraReport> reports = new ArrayList<>(buckets);
    for (int i = 0; i < buckets; i++) {
      Instant from = start.plus(bucket.multipliedBy(i));
      Instant to = i == buckets - 1 ? end : from.plus(bucket);
      reports.add(DoraFigures.report(perBucket.get(i), from, to));
    }
    return List.copyOf(reports);
  }

  private static Instant start(Instant end, Duration bucket, int buckets) {
    try {
      return end.minus(bucket.multipliedBy(buckets));
    } catch (ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException(
          buckets + " buckets of " + bucket + " before " + end + " reach past the earliest instant",
          e);
    }
  }

  private static void requireDeployments(List<Deployment> deployments) {
    require(deployments, "deployments");
    for (int i = 0; i < deployments.size(); i++) {
      if (deployments.get(i) == null) {
        throw new IllegalArgumentException("deployments[" + i + "] is null");
      }
    }
  }

  private static void require(Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}
