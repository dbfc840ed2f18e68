package dev.spotter.replay;

import dev.spotter.model.SpotterException;
import dev.spotter.proxy.UpstreamTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One base URL a check sends requests to, parsed: the upstream (scheme, host, port) and the base
 * path the recorded path and query are appended to.
 *
 * @param role {@code primary}, {@code secondary} or {@code candidate}
 * @param url the base URL as the user wrote it
 * @param upstream where connections go
 * @param basePath the base URL's path without a trailing slash, empty for none
 */
record ReplayTarget(String role, String url, UpstreamTarget upstream, String basePath) {

  static ReplayTarget parse(String role, String url) {
    if (url == null || url.isBlank()) {
      throw invalid(role, url, "it is empty");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalid(role, url, "it is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(role, url, "it must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw invalid(role, url, "it has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(role, url, "credentials in the URL are not supported; use a header override");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(role, url, "a base URL has no query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new ReplayTarget(role, url.trim(), UpstreamTarget.of(uri), path);
    } catch (IllegalArgumentException e) {
      throw invalid(role, url, e.getMessage());
    }
  }

  /** The request target for a recorded path and query: {@code /base} + {@code /orders/7?x=1}. */
  String requestTarget(String pathAndQuery) {
    return basePath.isEmpty() ? pathAndQuery : basePath + pathAndQuery;
  }

  private static SpotterException invalid(String role, String url, String why) {
    return new SpotterException(
        "replay.settings", "the " + role + " URL '" + url + "' cannot be used: " + why);
  }
}
