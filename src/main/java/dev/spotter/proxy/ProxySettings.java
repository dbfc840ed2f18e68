package dev.spotter.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ProxyServer} listens, forwards and protects itself. Validated here once; every live
 * mode (record, shadow, later canary) builds one from its options.
 *
 * @param listen the address clients connect to
 * @param primary where every request is forwarded and whose answer the client gets
 * @param maxInitialLineBytes the longest request line accepted; longer gets 414
 * @param maxHeaderBytes the largest request header block accepted; larger gets 431
 * @param observedBodyCap request and response body bytes copied per observed exchange; the rest
 *     still streams through, and the copy is marked truncated
 * @param observedBytesBudget body bytes copied for observers across all exchanges in flight; beyond
 *     it copies are cut (marked truncated), so observing never costs unbounded memory
 * @param headerTimeout how long a client may take to send a whole request head once it started one
 *     (slow clients, slowloris); it then gets 408 and is closed
 * @param idleTimeout how long a keep-alive connection may sit without a request before it is closed
 * @param bodyReadTimeout how long a client may pause while sending a request body
 * @param sendTimeout how long a client may stop reading while an answer waits to be sent to it
 *     (like nginx's send_timeout); then its connection is closed
 * @param upstreamTimeout how long the primary may stay silent while an answer is awaited (between
 *     two reads, like nginx's proxy_read_timeout); then the client gets 504
 * @param connectTimeout how long connecting to the primary may take; then the client gets 502
 * @param preserveHost forward the client's Host header (true) or the primary's host and port
 * @param forwardedHeaders add X-Forwarded-For, -Proto and -Host to forwarded requests
 * @param maxConnections client connections open at once; more are closed as they arrive
 * @param ioThreads event loop threads serving clients and the primary
 */
public record ProxySettings(
    InetSocketAddress listen,
    ForwardTarget primary,
    int maxInitialLineBytes,
    int maxHeaderBytes,
    long observedBodyCap,
    long observedBytesBudget,
    Duration headerTimeout,
    Duration idleTimeout,
    Duration bodyReadTimeout,
    Duration sendTimeout,
    Duration upstreamTimeout,
    Duration connectTimeout,
    boolean preserveHost,
    boolean forwardedHeaders,
    int maxConnections,
    int ioThreads) {

  /** The most a header limit may be raised to: a header block is held in memory whole. */
  public static final int MAX_HEADER_LIMIT = 1024 * 1024;

  public ProxySettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(primary, "primary");
    within("maxInitialLineBytes", maxInitialLineBytes, 256, MAX_HEADER_LIMIT);
    within("maxHeaderBytes", maxHeaderBytes, 1024, MAX_HEADER_LIMIT);
    if (observedBodyCap < 0 || observedBodyCap > UpstreamClientSettings.MAX_BODY_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "observedBodyCap must lie in 0.."
              + UpstreamClientSettings.MAX_BODY_BYTES_LIMIT
              + ": "
              + observedBodyCap);
    }
    if (observedBytesBudget < 0) {
      throw new IllegalArgumentException(
          "observedBytesBudget cannot be negative: " + observedBytesBudget);
    }
    positive("headerTimeout", headerTimeout);
    positive("idleTimeout", idleTimeout);
    positive("bodyReadTimeout", bodyReadTimeout);
    positive("sendTimeout", sendTimeout);
    positive("upstreamTimeout", upstreamTimeout);
    positive("connectTimeout", connectTimeout);
    within("maxConnections", maxConnections, 1, 1_000_000);
    within("ioThreads", ioThreads, 1, 256);
  }

  /**
   * Safe defaults for a proxy in front of a service: 8 KiB request lines, 32 KiB of headers, 1 MiB
   * observed per body and 256 MiB in all, 10 s for a request head, 60 s idle, 30 s of silence in a
   * body, 60 s for a client that stops reading, 60 s for the primary to answer, 5 s to connect,
   * Host kept, X-Forwarded-* added, 10,000 connections, one I/O thread per core.
   */
  public static ProxySettings defaults(InetSocketAddress listen, ForwardTarget primary) {
    return new ProxySettings(
        listen,
        primary,
        8 * 1024,
        32 * 1024,
        1024 * 1024,
        256L * 1024 * 1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        true,
        true,
        10_000,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public ProxySettings withObservedBodyCap(long bytes) {
    return new ProxySettings(
        listen,
        primary,
        maxInitialLineBytes,
        maxHeaderBytes,
        bytes,
        observedBytesBudget,
        headerTimeout,
        idleTimeout,
        bodyReadTimeout,
        sendTimeout,
        upstreamTimeout,
        connectTimeout,
        preserveHost,
        forwardedHeaders,
        maxConnections,
        ioThreads);
  }

  public ProxySettings withLimits(int initialLineBytes, int headerBytes) {
    return new ProxySettings(
        listen,
        primary,
        initialLineBytes,
        headerBytes,
        observedBodyCap,
        observedBytesBudget,
        headerTimeout,
        idleTimeout,
        bodyReadTimeout,
        sendTimeout,
        upstreamTimeout,
        connectTimeout,
        preserveHost,
        forwardedHeaders,
        maxConnections,
        ioThreads);
  }

  public ProxySettings withClientTimeouts(Duration header, Duration idle, Duration bodyRead) {
    return new ProxySettings(
        listen,
        primary,
        maxInitialLineBytes,
        maxHeaderBytes,
        observedBodyCap,
        observedBytesBudget,
        header,
        idle,
        bodyRead,
        sendTimeout,
        upstreamTimeout,
        connectTimeout,
        preserveHost,
        forwardedHeaders,
        maxConnections,
        ioThreads);
  }

  public ProxySettings withSendTimeout(Duration send) {
    return new ProxySettings(
        listen,
        primary,
        maxInitialLineBytes,
        maxHeaderBytes,
        observedBodyCap,
        observedBytesBudget,
        headerTimeout,
        idleTimeout,
        bodyReadTimeout,
        send,
        upstreamTimeout,
        connectTimeout,
        preserveHost,
        forwardedHeaders,
        maxConnections,
        ioThreads);
  }

  public ProxySettings withUpstreamTimeouts(Duration upstream, Duration connect) {
    return new ProxySettings(
        listen,
        primary,
        maxInitialLineBytes,
        maxHeaderBytes,
        observedBodyCap,
        observedBytesBudget,
        headerTimeout,
        idleTimeout,
        bodyReadTimeout,
        sendTimeout,
        upstream,
        connect,
        preserveHost,
        forwardedHeaders,
        maxConnections,
        ioThreads);
  }

  public ProxySettings withHeaderPolicy(boolean keepHost, boolean addForwarded) {
    return new ProxySettings(
        listen,
        primary,
        maxInitialLineBytes,
        maxHeaderBytes,
        observedBodyCap,
        observedBytesBudget,
        headerTimeout,
        idleTimeout,
        bodyReadTimeout,
        sendTimeout,
        upstreamTimeout,
        connectTimeout,
        keepHost,
        addForwarded,
        maxConnections,
        ioThreads);
  }

  public ProxySettings withCapacity(int connections, int threads, long observedBudget) {
    return new ProxySettings(
        listen,
        primary,
        maxInitialLineBytes,
        maxHeaderBytes,
        observedBodyCap,
        observedBudget,
        headerTimeout,
        idleTimeout,
        bodyReadTimeout,
        sendTimeout,
        upstreamTimeout,
        connectTimeout,
        preserveHost,
        forwardedHeaders,
        connections,
        threads);
  }

  private static void within(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must lie in " + min + ".." + max + ", not " + value);
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
