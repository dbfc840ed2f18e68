package dev.spotter.store;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.time.Instant;

/** Exchanges of the kinds a corpus really holds, for the store tests. */
final class StoreSamples {
  private StoreSamples() {}

  static Exchange order(int n) {
    return new Exchange(
        "ignored-" + n,
        new HttpRequestData(
            "GET",
            "http://orders.local/orders/" + n + "?expand=items",
            Headers.of("Host", "orders.local", "Accept", "application/json"),
            Body.EMPTY),
        new HttpResponseData(
            200,
            Headers.of("Content-Type", "application/json"),
            Body.of("{\"id\":" + n + ",\"total\":12.5}")),
        Instant.parse("2024-05-02T09:41:12.345678Z").plusSeconds(n),
        1_500 + n,
        "har:orders.har");
  }

  /** A request with duplicate headers in a telling order, a binary body, a truncated response. */
  static Exchange awkward() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    return new Exchange(
        "x",
        new HttpRequestData(
            "POST",
            "/upload?x=1&x=2",
            Headers.of(
                "Host", "files.local",
                "X-Trace", "b",
                "x-trace", "a",
                "Content-Type", "application/octet-stream",
                "X-Trace", "c"),
            Body.of(binary)),
        new HttpResponseData(
            201,
            Headers.of("Set-Cookie", "a=[REDACTED]", "Set-Cookie", "b=[REDACTED]"),
            new Body(
                "{\"stored\":tr".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5000, true)),
        null,
        -1,
        "jsonl:awkward.jsonl");
  }

  /** A request whose response never came. */
  static Exchange aborted() {
    return new Exchange(
        "y",
        new HttpRequestData("DELETE", "http://orders.local/orders/9", Headers.EMPTY, Body.EMPTY),
        null,
        Instant.parse("2024-05-02T09:41:12.345Z"),
        -1,
        "har:orders.har");
  }
}
