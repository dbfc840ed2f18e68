package dev.spotter.proxy;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One try of a {@link PendingRequest} over one pooled connection. Settles exactly once, whichever
 * comes first of the response, an error, or the request's timeout, and gives the connection back to
 * the pool exactly once: healthy only after a clean response.
 */
final class Attempt {
  private final PendingRequest request;
  private final PooledConnection connection;
  private final ConnectionPool pool;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile long writeStartNanos;

  Attempt(PendingRequest request, PooledConnection connection, ConnectionPool pool) {
    this.request = request;
    this.connection = connection;
    this.pool = pool;
  }

  PendingRequest request() {
    return request;
  }

  PooledConnection connection() {
    return connection;
  }

  long writeStartNanos() {
    return writeStartNanos;
  }

  void markWriteStart() {
    writeStartNanos = System.nanoTime();
  }

  void succeed(UpstreamResponse response, boolean keepAlive) {
    if (settled.compareAndSet(false, true)) {
      pool.release(connection, keepAlive);
      request.succeed(response);
    }
  }

  void fail(Throwable cause, boolean responseStarted) {
    if (settled.compareAndSet(false, true)) {
      pool.release(connection, false);
      request.attemptFailed(this, cause, responseStarted);
    }
  }

  /** The request ended elsewhere (timeout): the connection is in an unknown state, close it. */
  void abort() {
    if (settled.compareAndSet(false, true)) {
      pool.release(connection, false);
    }
  }

  /** The request ended before anything was written: the connection is as good as it was. */
  void unused() {
    if (settled.compareAndSet(false, true)) {
      pool.release(connection, true);
    }
  }
}
