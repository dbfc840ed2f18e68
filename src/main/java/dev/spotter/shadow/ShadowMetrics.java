package dev.spotter.shadow;

import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.replay.Analysis;
import dev.spotter.replay.CheckResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of a shadow, registered once: {@code spotter_shadow_requests_total}, mirrors sent per
 * target and outcome, mirrors dropped, requests skipped by reason, comparisons by outcome, the
 * exchanges in flight, the latency of each mirror, and the findings of the latest snapshot by
 * verdict.
 */
final class ShadowMetrics {
  private final MeterRegistry registry;
  private final Counter requests;
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Map<String, MirrorMeters> mirrors;
  private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
  private final Map<Analysis, Counter> compared = new EnumMap<>(Analysis.class);
  private final Map<Verdict, AtomicLong> findings = new EnumMap<>(Verdict.class);

  ShadowMetrics(MeterRegistry registry, AtomicLong inFlight) {
    this.registry = registry;
    requests =
        Counter.builder("spotter.shadow.requests")
            .description("client requests the shadow saw")
            .register(registry);
    droppedCounter("mirror_queue_full");
    droppedCounter("mirror_memory_full");
    for (Analysis a : Analysis.values()) {
      compared.put(
          a,
          Counter.builder("spotter.shadow.compared")
              .description("mirrored exchanges by what their comparison found")
              .tag("outcome", a.tag())
              .register(registry));
    }
    mirrors =
        Map.of(
            "secondary", MirrorMeters.of(registry, "secondary"),
            "candidate", MirrorMeters.of(registry, "candidate"));
    Gauge.builder("spotter.shadow.in.flight", inFlight, AtomicLong::get)
        .description("exchanges being mirrored or judged")
        .register(registry);
    for (Verdict v : Verdict.values()) {
      AtomicLong n = new AtomicLong();
      findings.put(v, n);
      Gauge.builder("spotter.shadow.findings", n, AtomicLong::get)
          .description("findings of the latest snapshot, by verdict")
          .tag("verdict", v.jsonName())
          .register(registry);
    }
  }

  void request() {
    requests.increment();
  }

  /** Counts one exchange dropped for {@code reason}, registering the counter on first use. */
  void dropped(String reason) {
    droppedCounter(reason).increment();
  }

  private Counter droppedCounter(String reason) {
    return dropped.computeIfAbsent(
        reason,
        r ->
            Counter.builder("spotter.shadow.dropped")
                .description("exchanges not mirrored because the mirror queue was full, by bound")
                .tag("reason", r)
                .register(registry));
  }

  void skipped(String reason) {
    skipped
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("spotter.shadow.skipped")
                    .description("requests not mirrored, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /** One request a mirror ({@code secondary} or {@code candidate}) answered or failed. */
  void mirrored(String target, boolean answered, long latencyNanos) {
    MirrorMeters m = mirrors.get(target);
    if (answered) {
      m.answered.increment();
      m.latency.record(latencyNanos, TimeUnit.NANOSECONDS);
    } else {
      m.failed.increment();
    }
  }

  /** The meters of one mirror, registered once so that a mirrored request only counts. */
  private record MirrorMeters(Counter answered, Counter failed, Timer latency) {
    static MirrorMeters of(MeterRegistry registry, String target) {
      return new MirrorMeters(
          counter(registry, target, "answered"),
          counter(registry, target, "failed"),
          ProxyMetrics.upstreamLatency(registry, target));
    }

    private static Counter counter(MeterRegistry registry, String target, String outcome) {
      return Counter.builder("spotter.shadow.mirrored")
          .description("requests sent to a mirror, by target and outcome")
          .tag("target", target)
          .tag("outcome", outcome)
          .register(registry);
    }
  }

  void compared(Analysis analysis) {
    compared.get(analysis).increment();
  }

  void snapshot(CheckResult result) {
    Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
    for (EndpointReport e : result.endpoints()) {
      for (Finding f : e.findings()) {
        counts.merge(f.verdict(), 1L, Long::sum);
      }
    }
    findings.forEach((v, n) -> n.set(counts.getOrDefault(v, 0L)));
  }
}
