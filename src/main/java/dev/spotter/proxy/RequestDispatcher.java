package dev.spotter.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Moves a {@link PendingRequest} along: asks the target's pool for a connection, then writes the
 * request on that connection's event loop and hands the connection's collector the attempt.
 */
final class RequestDispatcher {
  private final Function<UpstreamTarget, ConnectionPool> pools;

  RequestDispatcher(Function<UpstreamTarget, ConnectionPool> pools) {
    this.pools = pools;
  }

  void dispatch(PendingRequest pending) {
    ConnectionPool pool;
    CompletableFuture<PooledConnection> acquired;
    try {
      pool = pools.apply(pending.target());
      acquired = pool.acquire();
    } catch (RuntimeException e) {
      pending.fail(e);
      return;
    }
    pending.acquiring(acquired);
    acquired.whenComplete(
        (connection, error) -> {
          if (error != null) {
            pending.fail(error); // a no-op when the request already timed out
            return;
          }
          Attempt attempt = new Attempt(pending, connection, pool);
          pending.attempt(attempt);
          if (pending.isDone()) {
            attempt.unused();
            return;
          }
          Channel channel = connection.channel();
          try {
            channel.eventLoop().execute(() -> write(attempt));
          } catch (RejectedExecutionException e) {
            attempt.fail(e, false);
          }
        });
  }

  private void write(Attempt attempt) {
    PendingRequest pending = attempt.request();
    if (pending.isDone()) {
      attempt.unused();
      return;
    }
    PooledConnection connection = attempt.connection();
    Channel channel = connection.channel();
    if (!channel.isActive()) {
      attempt.fail(
          new FailureClassifier.PrematureClose("the connection closed before the request was sent"),
          false);
      return;
    }
    FullHttpRequest message;
    try {
      message = NettyMessages.toNetty(pending.request());
    } catch (IllegalArgumentException e) {
      attempt.unused();
      pending.fail(
          new UpstreamFailure(
              UpstreamFailure.Kind.OTHER,
              "the request cannot be written as HTTP/1.1: " + e.getMessage(),
              0,
              e));
      return;
    }
    connection.collector().begin(attempt);
    attempt.markWriteStart();
    channel
        .writeAndFlush(message)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                connection.collector().abandon(attempt, f.cause());
              }
            });
  }
}
