package dev.spotter.replay;

import dev.spotter.model.SpotterException;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.UpstreamTarget;

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
    try {
      ForwardTarget target = ForwardTarget.parse(url);
      return new ReplayTarget(role, target.url(), target.upstream(), target.basePath());
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
        "replay.settings",
        "the "
            + role
            + " URL '"
            + dev.spotter.proxy.ForwardTarget.shown(url)
            + "' cannot be used: "
            + why);
  }
}
