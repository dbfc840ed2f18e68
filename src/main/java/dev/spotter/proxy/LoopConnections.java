package dev.spotter.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to one upstream (the primary, or a canary), pooled per event loop: a
 * client's request is forwarded over a connection owned by the same thread as the client's own, so
 * a request never changes threads on its way through and the pool needs no lock. Each connection
 * carries one request at a time. Idle connections the primary closes leave the pool by themselves.
 *
 * <p>The upstream's host name is resolved on a thread of its own, at start and every {@value
 * #RESOLVE_EVERY_SECONDS} s, never on an I/O thread: a slow DNS answer must not stall every client
 * of that thread.
 */
final class LoopConnections implements AutoCloseable {
  static final long RESOLVE_EVERY_SECONDS = 30;

  /** Idle connections kept per event loop; more are closed when released. */
  static final int MAX_IDLE_PER_LOOP = 256;

  private final Bootstrap bootstrap;
  private final UpstreamTarget target;
  private final ScheduledExecutorService resolver;
  private volatile InetSocketAddress address;
  private final FastThreadLocal<ArrayDeque<Channel>> idle =
      new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
          return new ArrayDeque<>();
        }
      };

  LoopConnections(EventLoops loops, ProxySettings settings, ForwardTarget forwardTarget) {
    this.target = forwardTarget.upstream();
    this.address = resolve(null);
    this.bootstrap =
        new Bootstrap()
            .group(loops.group())
            .channel(loops.channelType())
            .resolver(NoopAddressResolverGroup.INSTANCE)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
            .handler(
                new UpstreamChannelInitializer(
                    target,
                    target.secure() ? ClientTls.defaultContext() : null,
                    Math.max(64 * 1024, settings.maxHeaderBytes()),
                    BackendHandler::new));
    this.resolver =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spotter-resolver");
              t.setDaemon(true);
              return t;
            });
    resolver.scheduleWithFixedDelay(
        () -> address = resolve(address),
        RESOLVE_EVERY_SECONDS,
        RESOLVE_EVERY_SECONDS,
        TimeUnit.SECONDS);
  }

  /** The upstream's address now; the last good one when the name does not resolve at the moment. */
  private InetSocketAddress resolve(InetSocketAddress lastGood) {
    try {
      return new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
    } catch (UnknownHostException | SecurityException e) {
      EventLog.sampled("proxy.resolve_failed", "host", target.host(), "error", e.toString());
      return lastGood != null
          ? lastGood
          : InetSocketAddress.createUnresolved(target.host(), target.port());
    }
  }

  /** An idle open connection of this event loop, most recently used first, or null. Loop only. */
  Channel pollIdle() {
    ArrayDeque<Channel> pool = idle.get();
    Channel ch;
    while ((ch = pool.pollFirst()) != null) {
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  /** Opens a new connection on {@code loop}. */
  ChannelFuture connect(EventLoop loop) {
    ChannelFuture future = bootstrap.clone(loop).connect(address);
    Channel ch = future.channel();
    ch.closeFuture().addListener(f -> idle.get().remove(ch)); // runs on the same loop
    return future;
  }

  /** Gives back a connection that finished a request cleanly. Event loop of the channel only. */
  void release(Channel ch) {
    ArrayDeque<Channel> pool = idle.get();
    if (!ch.isActive()) {
      return;
    }
    if (pool.size() >= MAX_IDLE_PER_LOOP) {
      ch.close();
      return;
    }
    pool.addFirst(ch);
  }

  @Override
  public void close() {
    resolver.shutdownNow();
  }
}
