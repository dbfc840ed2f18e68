package dev.spotter.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The keep-alive connections to one target: at most {@code max} open at once, each carrying one
 * request at a time. Requests beyond the bound wait in arrival order for a connection to be
 * released. A connection that saw an error is closed, never handed out again.
 */
final class ConnectionPool {
  private final UpstreamTarget target;
  private final Bootstrap bootstrap;
  private final int max;
  private final Object lock = new Object();
  // Most recently released first: warm connections are reused, cold ones time out at the server.
  private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<PooledConnection>> waiters = new ArrayDeque<>();
  private int open; // connecting, idle or in use
  private boolean closed;

  ConnectionPool(UpstreamTarget target, Bootstrap bootstrap, int max) {
    this.target = target;
    this.bootstrap = bootstrap;
    this.max = max;
  }

  /** A connection for one request; cancel the future to give up waiting. */
  CompletableFuture<PooledConnection> acquire() {
    CompletableFuture<PooledConnection> result = new CompletableFuture<>();
    boolean connect = false;
    synchronized (lock) {
      if (closed) {
        result.completeExceptionally(closedFailure());
        return result;
      }
      PooledConnection c;
      while ((c = idle.pollFirst()) != null) {
        if (c.channel().isActive()) {
          c.state = PooledConnection.State.IN_USE;
          c.markReused();
          result.complete(c);
          return result;
        }
        c.state = PooledConnection.State.CLOSED;
        open--;
      }
      if (open < max) {
        open++;
        connect = true;
      } else {
        waiters.addLast(result);
      }
    }
    if (connect) {
      connect(result);
    }
    return result;
  }

  /**
   * Gives a connection back after one request. {@code reusable} is false when the request failed or
   * the server asked to close; such a connection is closed and its place freed.
   */
  void release(PooledConnection connection, boolean reusable) {
    CompletableFuture<PooledConnection> handOver = null;
    boolean connectForWaiter = false;
    boolean closeChannel = false;
    synchronized (lock) {
      if (connection.state == PooledConnection.State.CLOSED) {
        return;
      }
      if (reusable && !closed && connection.channel().isActive()) {
        handOver = nextLiveWaiter();
        if (handOver != null) {
          connection.state = PooledConnection.State.IN_USE;
          connection.markReused();
        } else {
          connection.state = PooledConnection.State.IDLE;
          idle.addFirst(connection);
        }
      } else {
        connection.state = PooledConnection.State.CLOSED;
        closeChannel = true;
        open--;
        handOver = nextLiveWaiter();
        if (handOver != null) {
          open++;
          connectForWaiter = true;
        }
      }
    }
    if (closeChannel) {
      connection.channel().close();
    }
    if (connectForWaiter) {
      connect(handOver);
    } else if (handOver != null && !handOver.complete(connection)) {
      // The waiter gave up between the poll and now: the connection is still good.
      release(connection, true);
    }
  }

  /** Idle connections the server closed are forgotten at once so their place is free. */
  private void onClosed(PooledConnection connection) {
    CompletableFuture<PooledConnection> waiter = null;
    synchronized (lock) {
      if (connection.state != PooledConnection.State.IDLE) {
        return; // in use: whoever holds it releases it
      }
      idle.remove(connection);
      connection.state = PooledConnection.State.CLOSED;
      open--;
      waiter = nextLiveWaiter();
      if (waiter != null) {
        open++;
      }
    }
    if (waiter != null) {
      connect(waiter);
    }
  }

  private CompletableFuture<PooledConnection> nextLiveWaiter() {
    if (closed) {
      return null;
    }
    CompletableFuture<PooledConnection> w;
    while ((w = waiters.pollFirst()) != null && w.isDone()) {
      // skip waiters that gave up
    }
    return w;
  }

  private void connect(CompletableFuture<PooledConnection> result) {
    ChannelFuture future;
    try {
      future = bootstrap.connect();
    } catch (RuntimeException e) {
      connectFailed(result, e);
      return;
    }
    future.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            connectFailed(result, f.cause());
            return;
          }
          Channel ch = f.channel();
          PooledConnection connection =
              new PooledConnection(ch, ch.pipeline().get(ResponseCollector.class));
          ch.closeFuture().addListener(x -> onClosed(connection));
          if (!result.complete(connection)) {
            release(connection, true); // the request gave up while we were connecting
          }
        });
  }

  private void connectFailed(CompletableFuture<PooledConnection> result, Throwable cause) {
    List<CompletableFuture<PooledConnection>> alsoFailed = new ArrayList<>();
    synchronized (lock) {
      open--;
      // Requests queued behind this connect would otherwise wait for their timeout; the next
      // connect would most likely fail the same way, so they learn it now.
      if (open == 0) {
        alsoFailed.addAll(waiters);
        waiters.clear();
      }
    }
    result.completeExceptionally(cause);
    alsoFailed.forEach(w -> w.completeExceptionally(cause));
  }

  /** Closes idle connections and fails waiting requests; connections in use close on release. */
  void close() {
    List<PooledConnection> toClose;
    List<CompletableFuture<PooledConnection>> toFail;
    synchronized (lock) {
      closed = true;
      toClose = new ArrayList<>(idle);
      idle.clear();
      toFail = new ArrayList<>(waiters);
      waiters.clear();
    }
    toClose.forEach(c -> c.channel().close());
    toFail.forEach(w -> w.completeExceptionally(closedFailure()));
  }

  /** Open connections (connecting, idle or in use), for tests and diagnostics. */
  int openConnections() {
    synchronized (lock) {
      return open;
    }
  }

  private UpstreamFailure closedFailure() {
    return new UpstreamFailure(
        UpstreamFailure.Kind.OTHER,
        "the client was closed before " + target + " answered",
        0,
        null);
  }
}
