package dev.spotter.proxy;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where requests go: scheme, host and port. Connections are pooled per target, so two base URLs
 * that differ only by path share one pool.
 *
 * @param scheme {@code http} or {@code https}
 * @param host a host name or an IP address literal (IPv6 without brackets)
 * @param port the TCP port
 */
public record UpstreamTarget(String scheme, String host, int port) {
  public UpstreamTarget {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the scheme must be http or https: '" + scheme + "'");
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the port must lie in 1..65535: " + port);
    }
  }

  /** The target of an absolute http or https URL; its path, query and fragment are ignored. */
  public static UpstreamTarget of(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute http or https URL: '" + uri + "'");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
    return new UpstreamTarget(scheme, uri.getHost(), port);
  }

  /** Whether connections use TLS. */
  public boolean secure() {
    return scheme.equals("https");
  }

  /** The value of the Host header for this target: the port only when it is not the default. */
  public String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == defaultPort(scheme) ? h : h + ":" + port;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  @Override
  public String toString() {
    return scheme + "://" + hostHeader();
  }
}
