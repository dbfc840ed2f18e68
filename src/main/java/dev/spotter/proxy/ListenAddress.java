package dev.spotter.proxy;

import java.net.InetSocketAddress;

/**
 * Parses where a live mode listens: {@code HOST:PORT}, {@code [IPv6]:PORT}, or a bare {@code PORT}
 * on the loopback address (the safe default: binding every interface must be asked for, as {@code
 * 0.0.0.0:PORT}).
 */
public final class ListenAddress {
  private ListenAddress() {}

  /**
   * @throws IllegalArgumentException saying what is wrong with the text
   */
  public static InetSocketAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "an address to listen on is HOST:PORT, such as 127.0.0.1:8080");
    }
    String t = text.trim();
    String host;
    String port;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("'" + t + "' is not [IPv6]:PORT");
      }
      host = t.substring(1, close);
      port = t.substring(close + 2);
    } else {
      int colon = t.lastIndexOf(':');
      if (colon < 0) {
        host = "127.0.0.1";
        port = t;
      } else {
        host = t.substring(0, colon);
        port = t.substring(colon + 1);
        if (host.isEmpty() || host.indexOf(':') >= 0) {
          throw new IllegalArgumentException(
              "'" + t + "' is not HOST:PORT (write IPv6 addresses as [::1]:8080)");
        }
      }
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + port + "' in '" + t + "' is not a port number");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("the port must lie in 0..65535, not " + p);
    }
    InetSocketAddress address = new InetSocketAddress(host, p);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("'" + host + "' in '" + t + "' is not a known host");
    }
    return address;
  }

  /** {@code host:port}, IPv6 in brackets, for messages. */
  public static String format(InetSocketAddress address) {
    String host =
        address.getAddress() != null
            ? address.getAddress().getHostAddress()
            : address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
