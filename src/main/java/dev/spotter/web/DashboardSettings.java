package dev.spotter.web;

import java.util.Objects;

/**
 * Where the dashboard listens and who may use it.
 *
 * @param host the address to bind; loopback unless the user asks otherwise
 * @param port 0 for any free port
 * @param token the shared secret every request must carry, or null (allowed only on loopback)
 * @param defaultCorpus the corpus the service map shows when none is named
 */
public record DashboardSettings(String host, int port, String token, String defaultCorpus) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;

  public DashboardSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(defaultCorpus, "defaultCorpus");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    token = token == null || token.isBlank() ? null : token;
    // the token travels in a cookie and a header: keep it to characters both carry as they are
    if (token != null && !token.matches("[A-Za-z0-9._~-]{12,}")) {
      throw new IllegalArgumentException(
          "a token needs at least 12 letters, digits or ._~- characters (openssl rand -hex 24"
              + " makes one)");
    }
  }

  /** Whether the host is a loopback address, which only this machine can reach. */
  public boolean loopback() {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false; // an address that does not resolve is treated as reachable from outside
    }
  }
}
