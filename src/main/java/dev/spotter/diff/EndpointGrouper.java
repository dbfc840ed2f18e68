package dev.spotter.diff;

import dev.spotter.model.Endpoint;
import java.util.List;

/**
 * Puts a request under an endpoint: the first user pattern that matches, otherwise a template
 * inferred from the path, where numeric, UUID, hex and long-token segments become {@code {id}}.
 */
public final class EndpointGrouper {
  private final List<EndpointPattern> patterns;

  public EndpointGrouper(List<EndpointPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** The endpoint of a request with this method and path (the query is ignored if present). */
  public Endpoint endpointOf(String method, String path) {
    throw new UnsupportedOperationException("not yet");
  }
}
