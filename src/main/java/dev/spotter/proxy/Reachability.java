package dev.spotter.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether an upstream can be reached at all: its host resolves and a TCP connection to its port
 * opens (no TLS handshake, no request). Checks and live modes ask before they start, so that a typo
 * in a URL or a build that is not running is one clear line instead of a stream of failures.
 */
public final class Reachability {
  private Reachability() {}

  /** Why the target cannot be reached, in plain words, or empty when a connection opened. */
  public static Optional<String> problemWith(UpstreamTarget target, Duration wait) {
    InetAddress address;
    try {
      // the first address, as the upstream client's resolver takes it
      address = InetAddress.getByName(target.host());
    } catch (UnknownHostException e) {
      return Optional.of("host '" + target.host() + "' does not resolve");
    } catch (SecurityException e) {
      return Optional.of(
          "host '" + target.host() + "' may not be looked up (" + e.getMessage() + ")");
    }
    String where = hostAndPort(address, target.port());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, target.port()), (int) wait.toMillis());
      return Optional.empty();
    } catch (SocketTimeoutException e) {
      return Optional.of("no answer within " + human(wait));
    } catch (NoRouteToHostException e) {
      return Optional.of("no route to " + where);
    } catch (ConnectException e) {
      return Optional.of("nothing listens on " + where + " (connection refused)");
    } catch (IOException e) {
      return Optional.of("cannot connect to " + where + " (" + e.getMessage() + ")");
    }
  }

  /** {@code 5 s}, {@code 1500 ms}. */
  public static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  private static String hostAndPort(InetAddress address, int port) {
    String ip = address.getHostAddress();
    return (address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + port;
  }
}
