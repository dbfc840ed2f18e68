package dev.spotter.proxy;

import java.util.List;

/**
 * Which upstream serves each request, for a live mode that sends part of the traffic elsewhere (the
 * canary). Route 0 is the proxy's primary; route {@code i} is {@code alternates().get(i - 1)}. Both
 * methods run on the proxy's I/O threads in the path of the client's request: they must return at
 * once and never block. What they throw is counted and the request goes to the primary.
 */
public interface Routing {
  /** Every request to the primary. */
  Routing PRIMARY_ONLY =
      new Routing() {
        @Override
        public List<ForwardTarget> alternates() {
          return List.of();
        }

        @Override
        public int route(RequestHead head) {
          return 0;
        }

        @Override
        public void ended(RoutedOutcome outcome) {}
      };

  /** The upstreams besides the primary, fixed for the proxy's life. */
  List<ForwardTarget> alternates();

  /** The route for a request whose head just arrived: 0 for the primary. */
  int route(RequestHead head);

  /**
   * Response header fields whose values {@link RoutedOutcome#capturedHeaders()} should carry, in
   * this order (for example a timing the service reports about itself).
   */
  default List<String> capturedResponseHeaders() {
    return List.of();
  }

  /**
   * How an exchange ended on the route it was sent to. A canary that refused the connection is
   * reported with {@link RoutedOutcome.Ending#CONNECT_FAILED} and the request then goes to the
   * primary, whose ending is reported too.
   */
  void ended(RoutedOutcome outcome);
}
