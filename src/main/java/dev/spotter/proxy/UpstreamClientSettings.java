package dev.spotter.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link UpstreamClient} behaves.
 *
 * @param maxConnectionsPerTarget connections open at most to one target; requests beyond wait for
 *     one to be released (that wait counts against their timeout)
 * @param connectTimeout how long a TCP connect may take
 * @param maxResponseBodyBytes body bytes kept per response; the rest is read and discarded, and the
 *     response is marked truncated
 * @param ioThreads event loop threads
 * @param maxHeaderBytes the largest response header block accepted
 */
public record UpstreamClientSettings(
    int maxConnectionsPerTarget,
    Duration connectTimeout,
    long maxResponseBodyBytes,
    int ioThreads,
    int maxHeaderBytes) {

  /** Ten MiB, the default body cap of the whole tool. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  /** The largest body cap: a byte array must hold the kept prefix. */
  public static final long MAX_BODY_BYTES_LIMIT = Integer.MAX_VALUE - 8;

  public UpstreamClientSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (maxConnectionsPerTarget < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerTarget must be at least 1: " + maxConnectionsPerTarget);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (maxResponseBodyBytes < 0 || maxResponseBodyBytes > MAX_BODY_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxResponseBodyBytes must lie in 0.."
              + MAX_BODY_BYTES_LIMIT
              + ": "
              + maxResponseBodyBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024: " + maxHeaderBytes);
    }
  }

  /** 64 connections per target, 5 s to connect, 10 MiB bodies, one I/O thread per core. */
  public static UpstreamClientSettings defaults() {
    return new UpstreamClientSettings(
        64,
        Duration.ofSeconds(5),
        DEFAULT_MAX_BODY_BYTES,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        64 * 1024);
  }

  public UpstreamClientSettings withMaxConnectionsPerTarget(int n) {
    return new UpstreamClientSettings(
        n, connectTimeout, maxResponseBodyBytes, ioThreads, maxHeaderBytes);
  }

  public UpstreamClientSettings withConnectTimeout(Duration d) {
    return new UpstreamClientSettings(
        maxConnectionsPerTarget, d, maxResponseBodyBytes, ioThreads, maxHeaderBytes);
  }

  public UpstreamClientSettings withMaxResponseBodyBytes(long n) {
    return new UpstreamClientSettings(
        maxConnectionsPerTarget, connectTimeout, n, ioThreads, maxHeaderBytes);
  }

  public UpstreamClientSettings withIoThreads(int n) {
    return new UpstreamClientSettings(
        maxConnectionsPerTarget, connectTimeout, maxResponseBodyBytes, n, maxHeaderBytes);
  }
}
