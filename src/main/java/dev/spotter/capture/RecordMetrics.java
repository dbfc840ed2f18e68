package dev.spotter.capture;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one {@link Recorder}, kept in adders of its own (so its getters are exact even when
 * a registry is shared) and exposed to Micrometer as function counters and gauges.
 */
final class RecordMetrics {
  /** Why a request was not asked for. */
  enum SkipReason {
    FILTERED,
    SAMPLED_OUT;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  final LongAdder recorded = new LongAdder();
  final LongAdder shed = new LongAdder();
  final LongAdder filtered = new LongAdder();
  final LongAdder sampledOut = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder flushes = new LongAdder();
  final LongAdder undecodable = new LongAdder();
  final LongAdder published = new LongAdder();
  final LongAdder publishFailed = new LongAdder();

  /**
   * @param publishing whether the recorder also publishes to a stream: its meters exist only then
   */
  RecordMetrics(MeterRegistry registry, RecordQueue queue, boolean publishing) {
    counter(registry, "spotter.record.recorded", recorded, "exchanges the store acknowledged");
    counter(registry, "spotter.record.shed", shed, "exchanges dropped because the queue was full");
    FunctionCounter.builder("spotter.record.skipped", filtered, LongAdder::doubleValue)
        .description("requests not recorded, by reason")
        .tag("reason", SkipReason.FILTERED.tag())
        .register(registry);
    FunctionCounter.builder("spotter.record.skipped", sampledOut, LongAdder::doubleValue)
        .description("requests not recorded, by reason")
        .tag("reason", SkipReason.SAMPLED_OUT.tag())
        .register(registry);
    counter(registry, "spotter.record.failed", failed, "exchanges lost to a failing store");
    counter(registry, "spotter.record.flushes", flushes, "batches the store acknowledged");
    counter(
        registry,
        "spotter.record.undecodable",
        undecodable,
        "responses whose content coding did not decode, stored as they came");
    if (publishing) {
      counter(
          registry,
          "spotter.record.published",
          published,
          "exchanges the traffic stream acknowledged");
      counter(
          registry,
          "spotter.record.publish.failed",
          publishFailed,
          "exchanges that never reached the traffic stream (down, slow or refusing)");
    }
    Gauge.builder("spotter.record.queue", queue, RecordQueue::size)
        .description("exchanges waiting for the store")
        .register(registry);
    Gauge.builder("spotter.record.queue.bytes", queue, RecordQueue::bytes)
        .description("body bytes waiting for the store")
        .baseUnit("bytes")
        .register(registry);
  }

  void skipped(SkipReason reason) {
    (reason == SkipReason.FILTERED ? filtered : sampledOut).increment();
  }

  private static void counter(MeterRegistry registry, String name, LongAdder adder, String what) {
    FunctionCounter.builder(name, adder, LongAdder::doubleValue)
        .description(what)
        .register(registry);
  }
}
