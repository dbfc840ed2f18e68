package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import dev.spotter.proxy.ObservedExchange;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Exchanges as the proxy hands them to an observer, built field by field for recorder tests. */
final class Observed {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  static final Instant STARTED = Instant.parse("2026-03-02T10:15:30.123456Z");

  private String method = "GET";
  private String uri = "/orders/7";
  private Headers requestHeaders = Headers.of("Host", "shop.example");
  private Body requestBody = Body.EMPTY;
  private int status = 200;
  private Headers responseHeaders = Headers.of("Content-Type", "application/json");
  private Body responseBody = Body.of("{\"id\":7}");
  private long latencyNanos = 1_234_567;

  static Observed get(String uri) {
    Observed o = new Observed();
    o.uri = uri;
    return o;
  }

  Observed method(String m) {
    method = m;
    return this;
  }

  Observed requestHeaders(String... nameValuePairs) {
    requestHeaders = Headers.of(nameValuePairs);
    return this;
  }

  Observed requestBody(Body b) {
    requestBody = b;
    return this;
  }

  Observed status(int s) {
    status = s;
    return this;
  }

  Observed responseHeaders(String... nameValuePairs) {
    responseHeaders = Headers.of(nameValuePairs);
    return this;
  }

  Observed responseBody(Body b) {
    responseBody = b;
    return this;
  }

  Observed responseBody(byte[] bytes) {
    return responseBody(Body.of(bytes));
  }

  ObservedExchange build() {
    return new ObservedExchange(
        SEQUENCE.incrementAndGet(),
        STARTED,
        "127.0.0.1",
        method,
        uri,
        requestHeaders,
        requestHeaders,
        uri,
        requestBody,
        status,
        responseHeaders,
        responseBody,
        latencyNanos);
  }
}
