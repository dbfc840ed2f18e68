package dev.spotter.replay;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.util.ArrayList;
import java.util.List;

/** Small builders for recorded exchanges. */
final class Exchanges {
  private Exchanges() {}

  static Exchange request(String id, String method, String url, Headers headers, Body body) {
    return new Exchange(
        id,
        new HttpRequestData(method, url, headers, body),
        new HttpResponseData(200, Headers.EMPTY, Body.EMPTY),
        null,
        -1,
        "test");
  }

  static Exchange get(String id, String url, String... headers) {
    return request(id, "GET", url, Headers.of(headers), Body.EMPTY);
  }

  /** {@code n} GETs of {@code /items/0} .. {@code /items/n-1}. */
  static List<Exchange> gets(int n) {
    List<Exchange> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(get("e" + i, "http://recorded.example/items/" + i));
    }
    return list;
  }
}
