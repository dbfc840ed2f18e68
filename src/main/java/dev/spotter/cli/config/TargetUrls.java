package dev.spotter.cli.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks that a target is an absolute http or https URL with a host. */
public final class TargetUrls {
  private TargetUrls() {}

  /** Null passes (not given); anything else must be a usable base URL. */
  public static void validate(String role, String url) {
    if (url == null) {
      return;
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            role
                + ": must be an http:// or https:// URL, such as http://127.0.0.1:8080, not '"
                + url
                + "'");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException(role + ": has no host: '" + url + "'");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException(
            role + ": a base URL cannot have a query or fragment: '" + url + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          role + ": not a URL: '" + url + "' (" + e.getReason() + ")");
    }
  }
}
