package dev.spotter.canary;

import dev.spotter.canary.judge.ArmData;
import dev.spotter.proxy.RoutedOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one arm served during one step: counts by ending and status class, every latency in an
 * HdrHistogram (for quantiles and the report's distributions), and the first {@value
 * #SAMPLE_CAPACITY} latencies and reported values for the judge. Called from every I/O thread; a
 * short lock keeps it simple, and the work under it is a few counters and array writes.
 */
final class ArmTally {
  /**
   * Latencies (and values) the judge sees per arm and step: the first this many. Enough to see a
   * shift of a few percent; a step that needs more stays inconclusive rather than judged on data
   * that are not nested from look to look.
   */
  static final int SAMPLE_CAPACITY = 50_000;

  /** One hour in microseconds: the histogram's range; longer latencies are clamped to it. */
  private static final long MAX_MICROS = 3_600_000_000L;

  private final Histogram latencyMicros = new Histogram(MAX_MICROS, 2);
  private final FirstSamples latencies;
  private final List<String> valueSources; // header sources first, then external ones
  private final int headerSources; // how many of them come from captured header values
  private final FirstSamples[] values;
  private long requests;
  private long errors;
  private final long[] statusClasses = new long[6];
  private long connectFailures;
  private long timeouts;
  private long broken;
  private long clientsGone;
  private int unservedInARow; // connection-level failures and abandons since the last answer

  ArmTally(List<String> headerSources, List<String> externalSources) {
    this.latencies = new FirstSamples(SAMPLE_CAPACITY);
    List<String> all = new java.util.ArrayList<>(headerSources);
    all.addAll(externalSources);
    this.valueSources = List.copyOf(all);
    this.headerSources = headerSources.size();
    this.values = new FirstSamples[valueSources.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = new FirstSamples(SAMPLE_CAPACITY);
    }
  }

  synchronized void record(RoutedOutcome o) {
    switch (o.ending()) {
      case ANSWERED -> answered(o);
      case CONNECT_FAILED -> {
        requests++;
        errors++;
        connectFailures++;
        unservedInARow++;
      }
      case TIMEOUT -> {
        requests++;
        errors++;
        timeouts++;
        unservedInARow++;
      }
      case BROKEN -> {
        requests++;
        errors++;
        broken++;
        unservedInARow++;
      }
      case PROXY_ERROR -> {
        // the proxy's own failure: no evidence about either arm, counted by the proxy's metrics
      }
      case CLIENT_GONE -> {
        clientsGone++;
        if (o.status() == 0) {
          // gave up waiting: says nothing for the statistics (the latency is censored), but an
          // arm whose every client gives up is not serving
          unservedInARow++;
        }
      }
    }
  }

  private void answered(RoutedOutcome o) {
    requests++;
    unservedInARow = 0;
    int statusClass = o.status() / 100;
    if (statusClass >= 1 && statusClass <= 5) {
      statusClasses[statusClass]++;
    }
    if (o.status() >= 500) {
      errors++;
    }
    long micros = Math.max(1, Math.min(MAX_MICROS, o.latencyNanos() / 1000));
    latencyMicros.recordValue(micros);
    latencies.add(o.latencyNanos() / 1e6);
    List<String> captured = o.capturedHeaders();
    for (int i = 0; i < headerSources && i < captured.size(); i++) {
      double v = numeric(captured.get(i));
      if (!Double.isNaN(v)) {
        values[i].add(v);
      }
    }
  }

  /** A value read from outside (the {@code index}th external source) for this arm. */
  synchronized void addExternal(int index, double value) {
    values[headerSources + index].add(value);
  }

  /** A header's value as a number: {@code 12.5}, or the first number of {@code db;dur=12.5}. */
  static double numeric(String header) {
    if (header == null) {
      return Double.NaN;
    }
    String t = header.trim();
    int eq = t.lastIndexOf('=');
    if (eq >= 0) {
      t = t.substring(eq + 1).trim(); // Server-Timing style: name;dur=12.5
    }
    try {
      double v = Double.parseDouble(t);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** What the judge needs, copied. */
  synchronized ArmData data() {
    Map<String, double[]> byKey = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      byKey.put(valueSources.get(i), values[i].snapshot());
    }
    return new ArmData(requests, errors, latencies.snapshot(), byKey);
  }

  /** What the reports show, copied. */
  synchronized ArmSummary summary() {
    return new ArmSummary(
        requests,
        errors,
        statusClasses[2],
        statusClasses[3],
        statusClasses[4],
        statusClasses[5],
        connectFailures,
        timeouts,
        broken,
        clientsGone,
        Distributions.of(latencyMicros));
  }

  /**
   * Requests in a row since this arm last answered that it did not serve: connection failures,
   * timeouts, broken answers, and clients that gave up before any answer came.
   */
  synchronized int unservedInARow() {
    return unservedInARow;
  }
}
