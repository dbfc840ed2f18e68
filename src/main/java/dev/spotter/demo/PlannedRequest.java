package dev.spotter.demo;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.util.Objects;

/**
 * One request the traffic generator will send, before it knows where: method, path and query,
 * headers in the order they are set, and body.
 */
record PlannedRequest(String method, String pathAndQuery, Headers headers, Body body) {
  PlannedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** The path without the query, for routing. */
  String path() {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
