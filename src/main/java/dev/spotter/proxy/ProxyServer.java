package dev.spotter.proxy;

import dev.spotter.model.SpotterException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 reverse proxy that gives every client the primary's answer, unchanged but for the
 * connection's own header fields, and lets an {@link ExchangeObserver} see copies of the exchanges
 * it asks for. The data path of {@code spotter record} and {@code spotter shadow}. Bodies stream
 * through (nothing is aggregated), with back-pressure both ways; requests and answers on one
 * connection stay in order; connections to the primary are pooled per I/O thread.
 *
 * <p>Stop it with {@link #drain} (no new connections, requests in flight finish, idle connections
 * close) and then {@link #close}.
 */
public final class ProxyServer implements AutoCloseable {
  private final EventLoops loops;
  private final Forwarding fwd;
  private final ChannelGroup clients;
  private final Channel serverChannel;
  private final InetSocketAddress address;
  private volatile boolean closed;

  private ProxyServer(
      EventLoops loops, Forwarding fwd, ChannelGroup clients, Channel serverChannel) {
    this.loops = loops;
    this.fwd = fwd;
    this.clients = clients;
    this.serverChannel = serverChannel;
    this.address = (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * Starts listening.
   *
   * @throws SpotterException {@code proxy.listen} when the address cannot be bound
   */
  public static ProxyServer start(
      ProxySettings settings, ExchangeObserver observer, ProxyMetrics metrics) {
    return start(settings, observer, metrics, Routing.PRIMARY_ONLY);
  }

  /**
   * Starts listening, sending each request where {@code routing} says.
   *
   * @throws SpotterException {@code proxy.listen} when the address cannot be bound
   */
  public static ProxyServer start(
      ProxySettings settings, ExchangeObserver observer, ProxyMetrics metrics, Routing routing) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(routing, "routing");
    EventLoops loops = EventLoops.create(settings.ioThreads(), "spotter-proxy");
    Forwarding fwd = new Forwarding(settings, observer, routing, loops, metrics);
    ChannelGroup clients = new DefaultChannelGroup("spotter-clients", GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops.group())
            .channel(loops.serverChannelType())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // a client that sends its requests and then shuts its sending side (printf | nc -N,
            // some
            // HTTP/1.0 clients and health checkers) still gets every answer (RFC 9112 section 9.6)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            // the pipeline depth is reckoned from the largest buffer one read fills
            .childOption(
                ChannelOption.RCVBUF_ALLOCATOR,
                new AdaptiveRecvByteBufAllocator(64, 2048, ProxyChannelInitializer.MAX_READ_BYTES))
            .childHandler(new ProxyChannelInitializer(fwd, clients));
    ChannelFuture bound = bootstrap.bind(settings.listen()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      fwd.closeUpstreams();
      shutdown(loops);
      Throwable cause = bound.cause();
      throw new SpotterException(
          "proxy.listen",
          "cannot listen on "
              + ListenAddress.format(settings.listen())
              + ": "
              + (cause == null ? "unknown error" : cause.getMessage()),
          true,
          cause);
    }
    ProxyServer server = new ProxyServer(loops, fwd, clients, bound.channel());
    EventLog.info(
        "proxy.started",
        "listen",
        ListenAddress.format(server.address),
        "primary",
        settings.primary().url(),
        "transport",
        loops.transport(),
        "io_threads",
        settings.ioThreads());
    return server;
  }

  /** The address clients connect to (the actual port when port 0 was asked for). */
  public InetSocketAddress address() {
    return address;
  }

  public ProxyMetrics metrics() {
    return fwd.metrics;
  }

  /** True once {@link #drain} began: health checks should report the proxy as going away. */
  public boolean draining() {
    return fwd.draining();
  }

  /**
   * Stops accepting connections, closes idle ones, and waits up to {@code timeout} for requests in
   * flight to finish (their connections close after their answer); then closes whatever is left.
   *
   * @return the number of requests still in flight at the deadline, cut off
   */
  public long drain(Duration timeout) {
    fwd.startDraining();
    serverChannel.close().awaitUninterruptibly();
    for (Channel ch : clients) {
      ch.eventLoop()
          .execute(
              () -> {
                FrontendHandler frontend = ch.pipeline().get(FrontendHandler.class);
                if (frontend != null) {
                  frontend.drain();
                } else {
                  ch.close();
                }
              });
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (fwd.metrics.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long cutOff = fwd.metrics.inFlight();
    clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    EventLog.info("proxy.drained", "cut_off", cutOff);
    return cutOff;
  }

  /** Closes every connection at once and stops the I/O threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    fwd.startDraining();
    serverChannel.close().awaitUninterruptibly();
    clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    fwd.closeUpstreams();
    shutdown(loops);
  }

  private static void shutdown(EventLoops loops) {
    loops
        .group()
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
