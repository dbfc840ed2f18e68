package dev.spotter.proxy;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import java.time.Instant;

/**
 * One request that passed through a {@link ProxyServer} and the primary's answer to it, as copied
 * for an {@link ExchangeObserver}. Bodies are as they travelled (the response still
 * content-encoded), cut at the proxy's observation cap and marked truncated when longer.
 *
 * @param sequence the proxy's running number of this exchange, from 1
 * @param startedAt when the request head arrived
 * @param clientAddress the client's IP address
 * @param method the request method
 * @param uri the request target as the client sent it
 * @param requestHeaders the client's header fields, in order, without hop-by-hop fields
 * @param forwardedHeaders the header fields the primary was sent (Host and X-Forwarded-* as the
 *     proxy set them), without hop-by-hop fields and without Content-Length: what a mirror should
 *     send so that every target sees the same request
 * @param forwardedTarget the request target the primary was sent (its base path included)
 * @param requestBody the request body
 * @param status the primary's status code
 * @param responseHeaders the primary's header fields, in order, without hop-by-hop fields
 * @param responseBody the primary's body as sent, content-encoded
 * @param latencyNanos from the request head arriving to the last byte of the answer
 */
public record ObservedExchange(
    long sequence,
    Instant startedAt,
    String clientAddress,
    String method,
    String uri,
    Headers requestHeaders,
    Headers forwardedHeaders,
    String forwardedTarget,
    Body requestBody,
    int status,
    Headers responseHeaders,
    Body responseBody,
    long latencyNanos) {

  /** The request target's path and query, origin-form even when the client sent an absolute URI. */
  public String pathAndQuery() {
    return HttpRequestData.pathAndQuery(uri);
  }

  /** Body bytes held by this exchange, for the memory budgets of observers. */
  public long heldBytes() {
    return requestBody.length() + responseBody.length();
  }
}
