package dev.spotter.proxy;

import dev.spotter.model.Headers;
import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * The copy of one exchange an observer asked for, filled as the exchange streams through: heads
 * when they pass, body bytes up to the cap and within the shared budget. Event loop only.
 */
final class ExchangeCopy {
  private final long sequence;
  private final Instant startedAt;
  private final String clientAddress;
  private final String method;
  private final String uri;
  private final Headers requestHeaders;
  private final Headers forwardedHeaders;
  private final String forwardedTarget;
  private final long cap;
  private final ByteBudget budget;
  private final BodyAccumulator requestBody;
  private BodyAccumulator responseBody;
  private int status;
  private Headers responseHeaders = Headers.EMPTY;

  ExchangeCopy(
      long sequence,
      String clientAddress,
      String method,
      String uri,
      Headers requestHeaders,
      Headers forwardedHeaders,
      String forwardedTarget,
      long requestLength,
      long cap,
      ByteBudget budget) {
    this.sequence = sequence;
    this.startedAt = Instant.now();
    this.clientAddress = clientAddress;
    this.method = method;
    this.uri = uri;
    this.requestHeaders = requestHeaders;
    this.forwardedHeaders = forwardedHeaders;
    this.forwardedTarget = forwardedTarget;
    this.cap = cap;
    this.budget = budget;
    this.requestBody = new BodyAccumulator(cap, requestLength, budget);
  }

  void requestBytes(ByteBuf content) {
    requestBody.append(content);
  }

  void responseHead(int code, Headers headers, long contentLength) {
    status = code;
    responseHeaders = headers;
    responseBody = new BodyAccumulator(cap, contentLength, budget);
  }

  void responseBytes(ByteBuf content) {
    responseBody.append(content);
  }

  /** The finished copy; the budget is given back, the observer's own bounds apply from here. */
  ObservedExchange finish(long latencyNanos) {
    discard();
    return new ObservedExchange(
        sequence,
        startedAt,
        clientAddress,
        method,
        uri,
        requestHeaders,
        forwardedHeaders,
        forwardedTarget,
        requestBody.body(),
        status,
        responseHeaders,
        responseBody == null ? dev.spotter.model.Body.EMPTY : responseBody.body(),
        latencyNanos);
  }

  /** Gives the budget back without handing anything on (the exchange failed). */
  void discard() {
    requestBody.releaseBudget();
    if (responseBody != null) {
      responseBody.releaseBudget();
    }
  }
}
