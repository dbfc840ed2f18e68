package dev.spotter.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 client for talking to upstream services: per target a bounded pool of keep-alive
 * connections, one request per connection at a time, http and https (JDK TLS, default trust, host
 * names verified), a timeout over the whole exchange, and a cap on the body it keeps. Results are
 * futures completed on Netty's event loops, so callers must not do heavy work in their callbacks;
 * failures complete them with an {@link UpstreamFailure} saying why. Thread-safe; close it to
 * release its threads and connections.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

  /** How finely request timeouts are kept: a timeout fires at most this much late. */
  static final long TIMEOUT_TICK_MILLIS = 10;

  private final UpstreamClientSettings settings;
  private final EventLoops loops;
  // A wheel, not the event loops' scheduler: a request's timeout is set and cancelled in constant
  // time, where cancelling a scheduled task reorders a priority queue on the loop's own thread.
  private final HashedWheelTimer timeouts;
  private final ConcurrentHashMap<UpstreamTarget, ConnectionPool> pools = new ConcurrentHashMap<>();
  private final RequestDispatcher dispatcher = new RequestDispatcher(this::pool);
  private final SslContext tlsOverride;
  private volatile boolean closed;

  public UpstreamClient(UpstreamClientSettings settings) {
    this(settings, null, false);
  }

  /**
   * A client for background work, such as mirroring live traffic: its threads run at a lower
   * priority than forwarding (see {@link BackgroundPriority}), so that when the CPU is short the
   * proxy's clients are served first.
   */
  public static UpstreamClient forBackground(UpstreamClientSettings settings) {
    return new UpstreamClient(settings, null, true);
  }

  /** With another TLS context than the JDK's default trust; tests use it to trust their own CA. */
  UpstreamClient(UpstreamClientSettings settings, SslContext tlsOverride) {
    this(settings, tlsOverride, false);
  }

  private UpstreamClient(
      UpstreamClientSettings settings, SslContext tlsOverride, boolean background) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tlsOverride = tlsOverride;
    this.loops = EventLoops.create(settings.ioThreads(), "spotter-upstream", background);
    this.timeouts =
        new HashedWheelTimer(
            new DefaultThreadFactory("spotter-timeouts", true),
            TIMEOUT_TICK_MILLIS,
            TimeUnit.MILLISECONDS);
    LOG.debug("upstream client on {} with {} I/O threads", loops.transport(), settings.ioThreads());
  }

  /**
   * Sends one request and completes with the whole response, or with an {@link UpstreamFailure}
   * when none came within {@code timeout}, counted from this call.
   */
  public CompletableFuture<UpstreamResponse> send(
      UpstreamTarget target, UpstreamRequest request, Duration timeout) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(timeout, "timeout");
    PendingRequest pending = new PendingRequest(request, target, dispatcher);
    if (closed) {
      pending.fail(
          new UpstreamFailure(UpstreamFailure.Kind.OTHER, "the client is closed", 0, null));
      return pending.result();
    }
    try {
      pending.timeoutTask(
          timeouts.newTimeout(
              t -> pending.timeOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException | IllegalStateException e) {
      pending.fail(new UpstreamFailure(UpstreamFailure.Kind.OTHER, "the client is closed", 0, e));
      return pending.result();
    }
    dispatcher.dispatch(pending);
    return pending.result();
  }

  /** {@code epoll} or {@code nio}: the transport the event loops use. */
  public String transport() {
    return loops.transport();
  }

  public UpstreamClientSettings settings() {
    return settings;
  }

  /** Connections open to a target (connecting, idle or busy); 0 for a target never used. */
  public int openConnections(UpstreamTarget target) {
    ConnectionPool pool = pools.get(target);
    return pool == null ? 0 : pool.openConnections();
  }

  private ConnectionPool pool(UpstreamTarget target) {
    if (closed) {
      throw new UpstreamFailure(UpstreamFailure.Kind.OTHER, "the client is closed", 0, null);
    }
    return pools.computeIfAbsent(target, this::newPool);
  }

  private ConnectionPool newPool(UpstreamTarget target) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loops.group())
            .channel(loops.channelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
            .remoteAddress(target.host(), target.port())
            .handler(
                new UpstreamChannelInitializer(
                    target,
                    target.secure() ? tlsContext() : null,
                    settings.maxHeaderBytes(),
                    () -> new ResponseCollector(settings.maxResponseBodyBytes())));
    return new ConnectionPool(target, bootstrap, settings.maxConnectionsPerTarget());
  }

  private SslContext tlsContext() {
    return tlsOverride != null ? tlsOverride : ClientTls.defaultContext();
  }

  /** Whether the event loops have stopped after {@link #close()}. */
  boolean terminated() {
    return loops.group().isTerminated();
  }

  /** Closes every connection and stops the event loops; requests still in flight fail. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pools.values().forEach(ConnectionPool::close);
    timeouts.stop(); // requests in flight fail as their connections close with the loops
    loops
        .group()
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
