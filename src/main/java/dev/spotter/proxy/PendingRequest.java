package dev.spotter.proxy;

import io.netty.util.Timeout;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One call of {@link UpstreamClient#send}: the future handed to the caller, the timeout that covers
 * the whole exchange (waiting for a connection, connecting, writing, reading), and at most one
 * retry when a reused keep-alive connection turned out to be closed before the request reached the
 * server.
 */
final class PendingRequest {
  /** Methods that may be sent twice without changing anything more than sending once. */
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  private final UpstreamRequest request;
  private final UpstreamTarget target;
  private final RequestDispatcher dispatcher;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
  private volatile Timeout timeoutTask;
  private volatile CompletableFuture<PooledConnection> acquiring;
  private volatile Attempt attempt;
  private volatile boolean retried;

  PendingRequest(UpstreamRequest request, UpstreamTarget target, RequestDispatcher dispatcher) {
    this.request = request;
    this.target = target;
    this.dispatcher = dispatcher;
  }

  UpstreamRequest request() {
    return request;
  }

  UpstreamTarget target() {
    return target;
  }

  CompletableFuture<UpstreamResponse> result() {
    return result;
  }

  boolean isDone() {
    return result.isDone();
  }

  void timeoutTask(Timeout task) {
    timeoutTask = task;
    if (result.isDone()) {
      task.cancel();
    }
  }

  void acquiring(CompletableFuture<PooledConnection> future) {
    acquiring = future;
  }

  void attempt(Attempt current) {
    attempt = current;
  }

  void succeed(UpstreamResponse response) {
    if (result.complete(response)) {
      cancelTimeout();
    }
  }

  void fail(Throwable cause) {
    if (result.completeExceptionally(
        FailureClassifier.classify(cause, target, System.nanoTime() - startNanos))) {
      cancelTimeout();
    }
  }

  void attemptFailed(Attempt failed, Throwable cause, boolean responseStarted) {
    if (result.isDone()) {
      return;
    }
    boolean staleKeepAlive =
        failed.connection().reused()
            && !responseStarted
            && !retried
            && IDEMPOTENT.contains(request.method())
            && FailureClassifier.isConnectionLoss(cause);
    if (staleKeepAlive) {
      retried = true;
      dispatcher.dispatch(this);
    } else {
      fail(cause);
    }
  }

  void timeOut(Duration timeout) {
    UpstreamFailure failure =
        new UpstreamFailure(
            UpstreamFailure.Kind.TIMEOUT,
            "no complete response from " + target + " within " + timeout.toMillis() + " ms",
            System.nanoTime() - startNanos,
            null);
    if (result.completeExceptionally(failure)) {
      CompletableFuture<PooledConnection> waiting = acquiring;
      if (waiting != null) {
        waiting.cancel(false);
      }
      Attempt current = attempt;
      if (current != null) {
        current.abort();
      }
    }
  }

  private void cancelTimeout() {
    Timeout task = timeoutTask;
    if (task != null) {
      task.cancel();
    }
  }
}
