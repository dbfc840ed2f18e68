package dev.spotter.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A base URL requests are sent to: where connections go (scheme, host, port) and the base path the
 * request's own path and query are appended to, so {@code http://old:8080/api} receives {@code
 * /orders/7} as {@code /api/orders/7}.
 *
 * @param url the base URL as written
 * @param upstream where connections go
 * @param basePath the base URL's path without a trailing slash, empty for none
 */
public record ForwardTarget(String url, UpstreamTarget upstream, String basePath) {
  public ForwardTarget {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(basePath, "basePath");
  }

  /**
   * A URL as error messages and logs may show it: credentials before the host ({@code
   * user:password@}) become {@code [credentials]@}, so a password typed into a URL never reaches a
   * terminal, a CI log or a file.
   */
  public static String shown(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1[credentials]@");
  }

  private static final Pattern USER_INFO =
      Pattern.compile("^(\\s*[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

  /**
   * Parses an absolute http or https base URL without query, fragment or credentials.
   *
   * @throws IllegalArgumentException saying why the URL cannot be used
   */
  public static ForwardTarget parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("it is empty");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("it is not a URL (" + e.getReason() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("it must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("it has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "credentials in the URL are not supported; use a header override");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a base URL has no query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ForwardTarget(url.trim(), UpstreamTarget.of(uri), path);
  }

  /** The request target for a path and query: {@code /base} + {@code /orders/7?x=1}. */
  public String requestTarget(String pathAndQuery) {
    return basePath.isEmpty() ? pathAndQuery : basePath + pathAndQuery;
  }

  @Override
  public String toString() {
    return url;
  }
}
