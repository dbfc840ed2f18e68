package dev.spotter.capture;

import dev.spotter.capture.RecordMetrics.SkipReason;
import dev.spotter.proxy.EventLog;
import dev.spotter.proxy.ExchangeObserver;
import dev.spotter.proxy.ObservedExchange;
import dev.spotter.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The recording policy of {@code spotter record}: the {@link ExchangeObserver} of its proxy. It
 * asks for the exchanges its {@link RecordSettings} select, queues them within bounds, and a writer
 * thread of its own stores them, decoded, redacted and each with a capture id, in batches, and
 * publishes them to a traffic stream when given an {@link ExchangePublisher}. The client never
 * waits for the store or the stream: when the queue is full an exchange is shed (dropped and
 * counted) instead.
 *
 * <p>Close the proxy (or drain it) first, then the recorder: {@link #close()} writes whatever is
 * still queued; exchanges that complete after it began are shed.
 */
public final class Recorder implements ExchangeObserver, AutoCloseable {
  private final RecordSettings settings;
  private final RecordPolicy policy;
  private final RecordQueue queue;
  private final RecordMetrics metrics;
  private final RecordWriter writer;
  private final ExchangePublisher publisher; // null when not publishing
  private final Redactor redactor;
  private volatile boolean closing;
  private boolean closed; // guarded by this

  /** Starts recording into {@code store}; the writer thread runs until {@link #close()}. */
  public Recorder(RecordSettings settings, Store store, Redactor redactor, MeterRegistry registry) {
    this(settings, Objects.requireNonNull(store, "store"), null, redactor, registry);
  }

  /**
   * Starts recording into {@code store}, or publishing to {@code publisher}, or both; at least one
   * must be given. The recorder owns the publisher and closes it; the store stays the caller's.
   *
   * @param store where to append what is recorded, or null to only publish it
   * @param publisher the traffic stream to publish what is recorded to, or null
   */
  public Recorder(
      RecordSettings settings,
      Store store,
      ExchangePublisher publisher,
      Redactor redactor,
      MeterRegistry registry) {
    this(
        settings,
        store,
        publisher,
        redactor,
        registry,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As the public constructor, with the random source of the sample given (for tests). */
  Recorder(
      RecordSettings settings,
      Store store,
      Redactor redactor,
      MeterRegistry registry,
      DoubleSupplier random) {
    this(settings, Objects.requireNonNull(store, "store"), null, redactor, registry, random);
  }

  Recorder(
      RecordSettings settings,
      Store store,
      ExchangePublisher publisher,
      Redactor redactor,
      MeterRegistry registry,
      DoubleSupplier random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (store == null && publisher == null) {
      throw new IllegalArgumentException("a recorder needs a store or a publisher, or both");
    }
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    Objects.requireNonNull(registry, "registry");
    this.publisher = publisher;
    this.policy = new RecordPolicy(settings, Objects.requireNonNull(random, "random"));
    this.queue =
        new RecordQueue(
            settings.maxQueuedExchanges(),
            settings.maxQueuedBytes(),
            settings.maxBatch(),
            this::wakeWriter);
    this.metrics = new RecordMetrics(registry, queue, publisher != null);
    RecordConversion conversion =
        new RecordConversion(redactor, settings.bodyCapBytes(), settings.source());
    this.writer = new RecordWriter(queue, conversion, store, publisher, settings, metrics);
    writer.start();
    EventLog.info(
        "record.started",
        "corpus",
        settings.corpus(),
        "store",
        store != null,
        "stream",
        publisher == null ? "none" : publisher.describe(),
        "sample_rate",
        settings.sampleRate(),
        "methods",
        settings.methods().isEmpty() ? "all" : String.join(",", settings.methods()),
        "include",
        settings.include().isEmpty() ? "all" : settings.include(),
        "exclude",
        settings.exclude());
  }

  /** Filters, then samples; never blocks. False for everything once closing began. */
  @Override
  public boolean observe(String method, String uri) {
    if (closing) {
      return false;
    }
    SkipReason skip = policy.skip(method, uri);
    if (skip != null) {
      metrics.skipped(skip);
      return false;
    }
    return true;
  }

  /** Queues the exchange for the writer, or sheds it when the queue is full; never blocks. */
  @Override
  public void completed(ObservedExchange exchange) {
    if (queue.offer(exchange)) {
      return;
    }
    metrics.shed.increment();
    EventLog.sampled(
        "record.shed",
        "corpus",
        settings.corpus(),
        "queued",
        queue.size(),
        "queued_bytes",
        queue.bytes(),
        "closing",
        closing);
  }

  private void wakeWriter() {
    RecordWriter w = writer; // null only while the constructor runs, when nothing is offered
    if (w != null) {
      w.wake();
    }
  }

  /**
   * Stops asking for exchanges, writes everything queued, and waits for the writer thread to end.
   * Idempotent; {@link #summary()} then gives the final counts.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    queue.close();
    boolean interrupted = writer.stopAndJoin();
    failLeftovers();
    closePublisher();
    RecordSummary s = summary();
    EventLog.info(
        "record.closed",
        "corpus",
        settings.corpus(),
        "recorded",
        s.recorded(),
        "shed",
        s.shed(),
        "filtered",
        s.filtered(),
        "sampled_out",
        s.sampledOut(),
        "failed",
        s.failed(),
        "published",
        published(),
        "publish_failed",
        publishFailed(),
        "undecodable",
        s.undecodable(),
        "redacted",
        s.redacted().describe());
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Only if the writer died of an Error: what it left queued will never be written. */
  private void failLeftovers() {
    List<ObservedExchange> left = queue.take(Integer.MAX_VALUE);
    if (!left.isEmpty()) {
      metrics.failed.add(left.size());
      queue.release(left);
    }
  }

  /** After the last batch: waits (bounded) for the stream's acknowledgements, then lets go. */
  private void closePublisher() {
    if (publisher == null) {
      return;
    }
    try {
      publisher.close();
    } catch (RuntimeException e) {
      EventLog.warn(
          "record.publisher_close_failed", "stream", publisher.describe(), "error", e.toString());
    }
  }

  /** The counts so far; final once {@link #close()} returned. */
  public RecordSummary summary() {
    return new RecordSummary(
        recorded(),
        shed(),
        filtered(),
        sampledOut(),
        failed(),
        undecodable(),
        queued(),
        redactor.counts());
  }

  /** Exchanges the store acknowledged. */
  public long recorded() {
    return metrics.recorded.sum();
  }

  /** Exchanges dropped because the queue was full or closing. */
  public long shed() {
    return metrics.shed.sum();
  }

  /** Requests not asked for because of their method or endpoint. */
  public long filtered() {
    return metrics.filtered.sum();
  }

  /** Requests that matched but fell outside the sample. */
  public long sampledOut() {
    return metrics.sampledOut.sum();
  }

  /** Exchanges lost because the store refused their batch (or they could not be converted). */
  public long failed() {
    return metrics.failed.sum();
  }

  /** Exchanges the traffic stream acknowledged (0 without one). */
  public long published() {
    return metrics.published.sum();
  }

  /**
   * Exchanges that never reached the traffic stream: refused, timed out, or given up on while it
   * was down (0 without one). Exchanges shed before they were taken from the queue count as shed.
   */
  public long publishFailed() {
    return metrics.publishFailed.sum();
  }

  /** Whether this recorder publishes to a traffic stream. */
  public boolean publishing() {
    return publisher != null;
  }

  /** Exchanges whose response body did not follow its Content-Encoding, stored as it came. */
  public long undecodable() {
    return metrics.undecodable.sum();
  }

  /** Exchanges waiting for the store, the batch being written included. */
  public int queued() {
    return queue.size();
  }

  /** Body bytes waiting for the store, the batch being written included. */
  public long queuedBytes() {
    return queue.bytes();
  }

  public RecordSettings settings() {
    return settings;
  }
}
