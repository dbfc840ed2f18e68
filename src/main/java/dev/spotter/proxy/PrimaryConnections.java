package dev.spotter.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;

/**
 * Keep-alive connections to the primary, pooled per event loop: a client's request is forwarded
 * over a connection owned by the same thread as the client's own, so a request never changes
 * threads on its way through and the pool needs no lock. Each connection carries one request at a
 * time. Idle connections the primary closes leave the pool by themselves.
 */
final class PrimaryConnections {
  /** Idle connections kept per event loop; more are closed when released. */
  static final int MAX_IDLE_PER_LOOP = 256;

  private final Bootstrap bootstrap;
  private final FastThreadLocal<ArrayDeque<Channel>> idle =
      new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
          return new ArrayDeque<>();
        }
      };

  PrimaryConnections(EventLoops loops, ProxySettings settings) {
    UpstreamTarget target = settings.primary().upstream();
    this.bootstrap =
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
                new PrimaryChannelInitializer(
                    target,
                    target.secure() ? ClientTls.defaultContext() : null,
                    Math.max(64 * 1024, settings.maxHeaderBytes())));
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
    ChannelFuture future = bootstrap.clone(loop).connect();
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
}
