package dev.spotter.proxy;

import java.util.List;

/**
 * How one exchange ended on the route that served it.
 *
 * @param route 0 for the primary, {@code i} for the {@code i}th alternate
 * @param tag what the routing policy attached with {@link RequestHead#tag}, else 0
 * @param rerouted the request was routed elsewhere first and came to this route because that one
 *     could not be connected to (its latency includes the failed attempt)
 * @param ending how it ended
 * @param status the status the upstream answered with; for failures the one the client was given
 *     (502, 504), or 0 when none was (the client's connection was closed mid-answer); for {@link
 *     Ending#CLIENT_GONE}, the status of the answer that had begun, or 0 when the client left
 *     before any answer came
 * @param latencyNanos from the request head arriving to the end (the last byte of the answer, or
 *     the failure)
 * @param capturedHeaders values of {@link Routing#capturedResponseHeaders()} in order, null where
 *     absent; empty for failures
 */
public record RoutedOutcome(
    int route,
    long tag,
    boolean rerouted,
    Ending ending,
    int status,
    long latencyNanos,
    List<String> capturedHeaders) {

  /** The closed set of ways an exchange ends, as a routing policy sees them. */
  public enum Ending {
    /** The upstream answered completely. */
    ANSWERED,
    /** The upstream could not be connected to (refused, unreachable, connect timeout). */
    CONNECT_FAILED,
    /** The upstream stayed silent longer than the upstream timeout. */
    TIMEOUT,
    /** The connection broke or the upstream sent something that is not HTTP. */
    BROKEN,
    /** The client went away before the answer was complete; says little about the upstream. */
    CLIENT_GONE,
    /** The proxy itself failed (a bug); says nothing about the upstream. */
    PROXY_ERROR
  }
}
