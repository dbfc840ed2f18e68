package dev.spotter.diff;

import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;

/** Small builders for responses in diff tests. */
final class Responses {
  static final Endpoint ORDERS = new Endpoint("GET", "/orders/{id}");

  private Responses() {}

  static HttpResponseData json(String body) {
    return json(200, body);
  }

  static HttpResponseData json(int status, String body) {
    return new HttpResponseData(
        status, Headers.of("Content-Type", "application/json"), Body.of(body));
  }

  static HttpResponseData text(String body) {
    return new HttpResponseData(200, Headers.of("Content-Type", "text/plain"), Body.of(body));
  }

  static HttpResponseData withHeaders(HttpResponseData r, String... pairs) {
    Headers h = r.headers();
    for (int i = 0; i < pairs.length; i += 2) {
      h = h.with(pairs[i], pairs[i + 1]);
    }
    return r.withHeaders(h);
  }
}
