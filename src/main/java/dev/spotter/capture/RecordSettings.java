package dev.spotter.capture;

import dev.spotter.diff.EndpointPattern;
import dev.spotter.proxy.UpstreamClientSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code spotter record} keeps of the traffic its proxy forwards, and how much it may hold
 * while the store catches up. Validated here once; a bad value is an {@link
 * IllegalArgumentException} naming the field.
 *
 * @param corpus the corpus recorded exchanges are appended to
 * @param sampleRate the share of matching requests recorded, in (0, 1]
 * @param methods the methods recorded, upper case; empty for every method
 * @param include the endpoints recorded (matched on the path without its query); empty for all
 * @param exclude endpoints never recorded, even when included
 * @param bodyCapBytes body bytes stored at most per body, after decoding; longer bodies are stored
 *     cut and marked truncated, and decoding stops there too
 * @param maxQueuedExchanges exchanges waiting for the store at most; more are shed
 * @param maxQueuedBytes body bytes waiting for the store at most; more are shed
 * @param flushInterval how long the writer waits at most before it writes what is queued
 * @param maxBatch exchanges written in one store transaction at most
 * @param source what each stored exchange names as its source, such as {@code
 *     record:127.0.0.1:8080}
 */
public record RecordSettings(
    String corpus,
    double sampleRate,
    Set<String> methods,
    List<EndpointPattern> include,
    List<EndpointPattern> exclude,
    long bodyCapBytes,
    int maxQueuedExchanges,
    long maxQueuedBytes,
    Duration flushInterval,
    int maxBatch,
    String source) {

  public static final long DEFAULT_BODY_CAP = ImportOptions.DEFAULT_BODY_CAP;
  public static final int DEFAULT_MAX_QUEUED_EXCHANGES = 10_000;
  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
  public static final int DEFAULT_MAX_BATCH = 500;

  private static final Duration MAX_FLUSH_INTERVAL = Duration.ofMinutes(1);

  public RecordSettings {
    if (corpus == null || corpus.isBlank()) {
      throw new IllegalArgumentException("corpus must name a corpus, not '" + corpus + "'");
    }
    // written so that NaN fails too
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException(
          "sampleRate must lie in (0, 1], such as 0.1 for one request in ten, not " + sampleRate);
    }
    methods = upperCase(methods);
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    if (bodyCapBytes < 0 || bodyCapBytes > UpstreamClientSettings.MAX_BODY_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "bodyCapBytes must lie in 0.."
              + UpstreamClientSettings.MAX_BODY_BYTES_LIMIT
              + ", not "
              + bodyCapBytes);
    }
    if (maxQueuedExchanges < 1) {
      throw new IllegalArgumentException(
          "maxQueuedExchanges must be at least 1, not " + maxQueuedExchanges);
    }
    if (maxQueuedBytes < 1) {
      throw new IllegalArgumentException(
          "maxQueuedBytes must be at least 1, not " + maxQueuedBytes);
    }
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative()
        || flushInterval.isZero()
        || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "flushInterval must lie between 1 ms and 1 minute, not " + flushInterval);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException(
          "source must say where exchanges come from, such as record:127.0.0.1:8080");
    }
  }

  /**
   * Everything recorded, bodies up to 10 MiB, at most 10,000 exchanges or 64 MiB waiting for the
   * store, written every 200 ms in batches of up to 500.
   */
  public static RecordSettings defaults(String corpus, String source) {
    return new RecordSettings(
        corpus,
        1.0,
        Set.of(),
        List.of(),
        List.of(),
        DEFAULT_BODY_CAP,
        DEFAULT_MAX_QUEUED_EXCHANGES,
        DEFAULT_MAX_QUEUED_BYTES,
        DEFAULT_FLUSH_INTERVAL,
        DEFAULT_MAX_BATCH,
        source);
  }

  public RecordSettings withSampleRate(double rate) {
    return new RecordSettings(
        corpus,
        rate,
        methods,
        include,
        exclude,
        bodyCapBytes,
        maxQueuedExchanges,
        maxQueuedBytes,
        flushInterval,
        maxBatch,
        source);
  }

  /** These settings recording only the given methods (none given: every method). */
  public RecordSettings withMethods(Set<String> recorded) {
    return new RecordSettings(
        corpus,
        sampleRate,
        recorded,
        include,
        exclude,
        bodyCapBytes,
        maxQueuedExchanges,
        maxQueuedBytes,
        flushInterval,
        maxBatch,
        source);
  }

  /** These settings recording the included endpoints (empty: all) but never the excluded ones. */
  public RecordSettings withEndpoints(
      List<EndpointPattern> included, List<EndpointPattern> excluded) {
    return new RecordSettings(
        corpus,
        sampleRate,
        methods,
        included,
        excluded,
        bodyCapBytes,
        maxQueuedExchanges,
        maxQueuedBytes,
        flushInterval,
        maxBatch,
        source);
  }

  public RecordSettings withBodyCap(long bytes) {
    return new RecordSettings(
        corpus,
        sampleRate,
        methods,
        include,
        exclude,
        bytes,
        maxQueuedExchanges,
        maxQueuedBytes,
        flushInterval,
        maxBatch,
        source);
  }

  public RecordSettings withQueueBounds(int exchanges, long bytes) {
    return new RecordSettings(
        corpus,
        sampleRate,
        methods,
        include,
        exclude,
        bodyCapBytes,
        exchanges,
        bytes,
        flushInterval,
        maxBatch,
        source);
  }

  public RecordSettings withFlushing(Duration interval, int batch) {
    return new RecordSettings(
        corpus,
        sampleRate,
        methods,
        include,
        exclude,
        bodyCapBytes,
        maxQueuedExchanges,
        maxQueuedBytes,
        interval,
        batch,
        source);
  }

  private static Set<String> upperCase(Set<String> methods) {
    if (methods == null || methods.isEmpty()) {
      return Set.of();
    }
    Set<String> upper = new LinkedHashSet<>();
    for (String m : methods) {
      if (m == null || m.isBlank() || m.strip().indexOf(' ') >= 0) {
        throw new IllegalArgumentException(
            "methods must be HTTP methods such as GET, not '" + m + "'");
      }
      upper.add(m.strip().toUpperCase(Locale.ROOT));
    }
    return Set.copyOf(upper);
  }
}
