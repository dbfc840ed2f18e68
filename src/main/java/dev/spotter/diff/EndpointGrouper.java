package dev.spotter.diff;

import dev.spotter.model.Endpoint;
import java.util.List;

/**
 * Puts a request under an endpoint: the first user pattern that matches, otherwise a template
 * inferred from the path, where segments that look like identifiers (numbers, UUIDs, hex, long
 * tokens, codes with several digits such as {@code SKU-10042}, e-mail addresses, dates) become
 * {@code {id}}.
 */
public final class EndpointGrouper {
  private final List<EndpointPattern> patterns;

  public EndpointGrouper(List<EndpointPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** The endpoint of a request with this method and path (the query is ignored if present). */
  public Endpoint endpointOf(String method, String path) {
    String bare = stripQuery(path);
    for (EndpointPattern pattern : patterns) {
      if (pattern.matchesRequest(method, bare)) {
        return new Endpoint(method, pattern.template());
      }
    }
    return new Endpoint(method, infer(bare));
  }

  static String stripQuery(String path) {
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    return bare.isEmpty() ? "/" : bare;
  }

  static String infer(String path) {
    if (path.equals("/")) {
      return path;
    }
    String[] segments = path.substring(1).split("/", -1);
    StringBuilder sb = new StringBuilder(path.length());
    for (String segment : segments) {
      sb.append('/').append(IdentifierSegments.looksLikeId(segment) ? "{id}" : segment);
    }
    return sb.toString();
  }
}
