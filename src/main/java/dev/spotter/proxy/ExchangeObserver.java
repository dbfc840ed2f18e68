package dev.spotter.proxy;

/**
 * What a live mode does with the traffic a {@link ProxyServer} forwards: it sees each request line
 * and may ask for the whole exchange, which it then receives once the primary's answer has been
 * passed to the client. Both methods run on the proxy's I/O threads, in the path of the client's
 * request: they must return at once and never block (hand work to a bounded queue of your own).
 * Whatever they throw is counted and logged, never felt by the client.
 */
public interface ExchangeObserver {
  /** Observes nothing: the proxy only forwards. */
  ExchangeObserver NONE =
      new ExchangeObserver() {
        @Override
        public boolean observe(String method, String uri) {
          return false;
        }

        @Override
        public void completed(ObservedExchange exchange) {}
      };

  /**
   * Whether to copy this exchange (request and response bodies up to the proxy's cap) and hand it
   * to {@link #completed}.
   *
   * @param method the request method, upper case as sent
   * @param uri the request target as sent, usually origin-form such as {@code /orders/7?x=1}
   */
  boolean observe(String method, String uri);

  /** An exchange this observer asked for: the primary answered and the client was given it all. */
  void completed(ObservedExchange exchange);
}
