package dev.spotter.proxy;

/** The parts of a request head a {@link Routing} decides on, as the client sent them. */
public interface RequestHead {
  String method();

  /** The request target as sent, usually origin-form such as {@code /orders/7?x=1}. */
  String uri();

  /** The first value of a header field, or null. */
  String header(String name);

  /** The value of a cookie sent in the Cookie header, or null. */
  String cookie(String name);

  /** The client's IP address as the proxy sees it. */
  String clientAddress();

  /**
   * Attaches a value to this request that the routing policy gets back in {@link
   * RoutedOutcome#tag()} (for example the hash it routed by).
   */
  void tag(long value);
}
