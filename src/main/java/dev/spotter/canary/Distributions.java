package dev.spotter.canary;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Summarises a latency histogram (in microseconds) for reports: quantiles and drawable buckets. */
final class Distributions {
  /** Buckets per factor of ten: fine enough to see a shift of 10 %, coarse enough to draw. */
  static final int BUCKETS_PER_DECADE = 12;

  private Distributions() {}

  static LatencyDistribution of(Histogram micros) {
    long count = micros.getTotalCount();
    if (count == 0) {
      return new LatencyDistribution(
          0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
    }
    return new LatencyDistribution(
        count,
        ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)),
        ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)),
        ms(micros.getMaxValue()),
        buckets(micros));
  }

  /** Log-spaced buckets from the smallest to the largest latency seen, upper bounds in ms. */
  private static List<LatencyDistribution.Bucket> buckets(Histogram micros) {
    double step = Math.pow(10, 1.0 / BUCKETS_PER_DECADE);
    double minMs = Math.max(0.001, ms(micros.getMinValue()));
    double maxMs = ms(micros.getMaxValue());
    int first = (int) Math.floor(Math.log10(minMs) * BUCKETS_PER_DECADE);
    int last = (int) Math.ceil(Math.log10(maxMs) * BUCKETS_PER_DECADE);
    if (last <= first) {
      last = first + 1;
    }
    long[] counts = new long[last - first + 1];
    for (HistogramIterationValue v : micros.recordedValues()) {
      double ms = ms(micros.highestEquivalentValue(v.getValueIteratedTo()));
      int k = (int) Math.ceil(Math.log10(Math.max(ms, 0.001)) * BUCKETS_PER_DECADE - 1e-9) - first;
      counts[Math.max(0, Math.min(counts.length - 1, k))] += v.getCountAtValueIteratedTo();
    }
    List<LatencyDistribution.Bucket> out = new ArrayList<>(counts.length);
    for (int i = 0; i < counts.length; i++) {
      out.add(new LatencyDistribution.Bucket(Math.pow(step, first + i), counts[i]));
    }
    return out;
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
