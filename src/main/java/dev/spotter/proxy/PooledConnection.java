package dev.spotter.proxy;

import io.netty.channel.Channel;

/**
 * One keep-alive connection of a {@link ConnectionPool}. Its state is guarded by the pool's lock;
 * {@code reused} tells whether a request already went over it, which decides whether a request that
 * meets a closed connection may be retried.
 */
final class PooledConnection {
  enum State {
    IN_USE,
    IDLE,
    CLOSED
  }

  private final Channel channel;
  private final ResponseCollector collector;
  State state = State.IN_USE;
  private volatile boolean reused;

  PooledConnection(Channel channel, ResponseCollector collector) {
    this.channel = channel;
    this.collector = collector;
  }

  Channel channel() {
    return channel;
  }

  ResponseCollector collector() {
    return collector;
  }

  boolean reused() {
    return reused;
  }

  void markReused() {
    reused = true;
  }
}
