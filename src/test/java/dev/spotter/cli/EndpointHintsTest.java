package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointHintsTest {
  private static EndpointReport endpoint(String text) {
    return new EndpointReport(Endpoint.parse(text), 10, 0, 0, List.of());
  }

  @Test
  void endpointsThatDifferInOneSegmentSuggestAPattern() {
    List<EndpointReport> endpoints = new ArrayList<>();
    for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
      endpoints.add(endpoint("GET /api/accounts/" + name));
    }
    endpoints.add(endpoint("GET /api/health"));
    assertThat(EndpointHints.suggestPatterns(endpoints))
        .singleElement()
        .asString()
        .startsWith("6 endpoints differ only in one path segment (alice, bob, carol, ...)")
        .contains("'GET /api/accounts/{name}'");
  }

  @Test
  void aFewRealRoutesSuggestNothing() {
    List<EndpointReport> endpoints =
        List.of(
            endpoint("GET /api/orders"),
            endpoint("GET /api/customers"),
            endpoint("GET /api/products"),
            endpoint("GET /api/health"));
    assertThat(EndpointHints.suggestPatterns(endpoints)).isEmpty();
  }
}
