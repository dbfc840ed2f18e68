package dev.spotter.shadow;

import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.UpstreamClientSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code spotter shadow} mirrors live traffic.
 *
 * @param primary where clients are answered from (its answers are compared, never replaced)
 * @param secondary a second copy of the old build, or null to ask the primary a second time
 * @param candidate the new build
 * @param allowSideEffects also mirror methods other than GET, HEAD and OPTIONS
 * @param sampleRate the share of eligible requests mirrored, in (0, 1]
 * @param mirrorTimeout how long a mirrored request may take, waiting for a connection included
 * @param maxInFlight exchanges being mirrored or judged at once; beyond it new ones are dropped and
 *     counted, so memory stays bounded however slow a mirror gets
 * @param maxBodyBytes body bytes kept per answer for the comparison (the primary's copy included)
 * @param connectionsPerTarget connections open at most to each mirror
 * @param judgeThreads threads that decode and diff answers, off the I/O threads
 * @param snapshotInterval how often the run's results are saved while it goes on
 * @param preserveHost send mirrors the client's Host (true) or each mirror's own host and port
 */
public record ShadowSettings(
    ForwardTarget primary,
    ForwardTarget secondary,
    ForwardTarget candidate,
    boolean allowSideEffects,
    double sampleRate,
    Duration mirrorTimeout,
    int maxInFlight,
    long maxInFlightBytes,
    long maxBodyBytes,
    int connectionsPerTarget,
    int judgeThreads,
    Duration snapshotInterval,
    boolean preserveHost) {

  public ShadowSettings {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(mirrorTimeout, "mirrorTimeout");
    Objects.requireNonNull(snapshotInterval, "snapshotInterval");
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException(
          "the sample rate is a share in (0, 1], such as 0.05, not " + sampleRate);
    }
    if (mirrorTimeout.isNegative() || mirrorTimeout.isZero()) {
      throw new IllegalArgumentException("the mirror timeout must be positive: " + mirrorTimeout);
    }
    if (maxInFlight < 1 || maxInFlight > 1_000_000) {
      throw new IllegalArgumentException(
          "the mirror queue must hold 1..1000000 exchanges, not " + maxInFlight);
    }
    if (maxInFlightBytes < 1024) {
      throw new IllegalArgumentException(
          "the mirror queue's memory must be at least 1KiB, not " + maxInFlightBytes + " bytes");
    }
    if (maxBodyBytes < 0 || maxBodyBytes > UpstreamClientSettings.MAX_BODY_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "the body cap must lie in 0.."
              + UpstreamClientSettings.MAX_BODY_BYTES_LIMIT
              + " bytes, not "
              + maxBodyBytes);
    }
    if (connectionsPerTarget < 1 || connectionsPerTarget > 10_000) {
      throw new IllegalArgumentException(
          "connections per mirror must lie in 1..10000, not " + connectionsPerTarget);
    }
    if (judgeThreads < 1 || judgeThreads > 256) {
      throw new IllegalArgumentException("judge threads must lie in 1..256, not " + judgeThreads);
    }
    if (snapshotInterval.toMillis() < 100) {
      throw new IllegalArgumentException(
          "the snapshot interval must be at least 100ms, not " + snapshotInterval);
    }
  }

  /**
   * Safe defaults: only GET, HEAD and OPTIONS, every one of them mirrored, 5 s per mirrored
   * request, 1,000 exchanges in flight, 1 MiB per body, 64 connections per mirror, one judging
   * thread per two cores, results saved every 10 s, the client's Host kept.
   */
  public static ShadowSettings defaults(
      ForwardTarget primary, ForwardTarget secondary, ForwardTarget candidate) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        false,
        1.0,
        Duration.ofSeconds(5),
        1000,
        256L * 1024 * 1024,
        1024 * 1024,
        64,
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
        Duration.ofSeconds(10),
        true);
  }

  /** The mirror that stands for the old build's second copy. */
  public ForwardTarget secondaryOrPrimary() {
    return secondary != null ? secondary : primary;
  }

  public ShadowSettings withAllowSideEffects(boolean allow) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allow,
        sampleRate,
        mirrorTimeout,
        maxInFlight,
        maxInFlightBytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withSampleRate(double rate) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        rate,
        mirrorTimeout,
        maxInFlight,
        maxInFlightBytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withMirrorTimeout(Duration timeout) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        timeout,
        maxInFlight,
        maxInFlightBytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withMaxInFlight(int n) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        mirrorTimeout,
        n,
        maxInFlightBytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withMaxInFlightBytes(long bytes) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        mirrorTimeout,
        maxInFlight,
        bytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withMaxBodyBytes(long n) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        mirrorTimeout,
        maxInFlight,
        maxInFlightBytes,
        n,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withConnectionsPerTarget(int n) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        mirrorTimeout,
        maxInFlight,
        maxInFlightBytes,
        maxBodyBytes,
        n,
        judgeThreads,
        snapshotInterval,
        preserveHost);
  }

  public ShadowSettings withSnapshotInterval(Duration interval) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        mirrorTimeout,
        maxInFlight,
        maxInFlightBytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        interval,
        preserveHost);
  }

  public ShadowSettings withPreserveHost(boolean keep) {
    return new ShadowSettings(
        primary,
        secondary,
        candidate,
        allowSideEffects,
        sampleRate,
        mirrorTimeout,
        maxInFlight,
        maxInFlightBytes,
        maxBodyBytes,
        connectionsPerTarget,
        judgeThreads,
        snapshotInterval,
        keep);
  }

  /**
   * The settings of the client the mirrors are sent through: their own pools and threads, as many
   * I/O threads as the proxy has (up to 8), since every mirrored exchange is two requests to the
   * proxy's one. They run at a lower priority than forwarding (see {@link
   * dev.spotter.proxy.BackgroundPriority}), so more threads never take CPU from clients.
   */
  public UpstreamClientSettings clientSettings() {
    return UpstreamClientSettings.defaults()
        .withMaxConnectionsPerTarget(connectionsPerTarget)
        .withConnectTimeout(
            mirrorTimeout.compareTo(Duration.ofSeconds(5)) < 0
                ? mirrorTimeout
                : Duration.ofSeconds(5))
        .withMaxResponseBodyBytes(maxBodyBytes)
        .withIoThreads(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
  }
}
