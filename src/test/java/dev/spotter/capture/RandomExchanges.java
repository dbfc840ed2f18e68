package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Exchanges with every awkward feature the formats must carry, drawn from a seeded Random. */
final class RandomExchanges {
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
  private static final String[] TEXTS = {
    "{\"id\":7,\"total\":12.50,\"items\":[]}", "plain text\nwith lines\r\n", "ünïcödé ✓ 日本", "", " "
  };

  private RandomExchanges() {}

  static Exchange next(Random random, int n) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Host", "svc" + random.nextInt(3) + ".local"));
    int extra = random.nextInt(4);
    for (int i = 0; i < extra; i++) {
      // duplicates with different spellings, in an order that matters
      headers.add(new Header(random.nextBoolean() ? "X-Dup" : "x-dup", "v" + random.nextInt(100)));
    }
    String url =
        random.nextBoolean()
            ? "/orders/" + n + "?q=" + random.nextInt(10) + "&r=a%20b"
            : "https://api.example.com/orders/" + n;
    HttpRequestData request =
        new HttpRequestData(
            METHODS[random.nextInt(METHODS.length)], url, new Headers(headers), body(random));
    HttpResponseData response =
        random.nextInt(5) == 0
            ? null
            : new HttpResponseData(
                100 + random.nextInt(500),
                Headers.of(
                    "Content-Type", "application/json", "Set-Cookie", "a=[REDACTED]; Path=/"),
                body(random));
    Instant started =
        random.nextInt(4) == 0
            ? null
            : Instant.ofEpochSecond(
                1_700_000_000L + random.nextInt(1_000_000), random.nextInt(1_000_000) * 1000L);
    long duration = random.nextInt(4) == 0 ? -1 : random.nextInt(5_000_000);
    return new Exchange("id-" + n, request, response, started, duration, "har:random.har");
  }

  private static Body body(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return Body.EMPTY;
      case 1:
        return Body.of(TEXTS[random.nextInt(TEXTS.length)].getBytes(StandardCharsets.UTF_8));
      case 2:
        byte[] binary = new byte[1 + random.nextInt(300)];
        random.nextBytes(binary);
        return Body.of(binary);
      default:
        byte[] prefix = new byte[random.nextInt(40)];
        random.nextBytes(prefix);
        return new Body(prefix, prefix.length + 1 + random.nextInt(100_000), true);
    }
  }
}
