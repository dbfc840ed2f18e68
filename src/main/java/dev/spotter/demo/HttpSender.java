package dev.spotter.demo;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Sends one planned request with the JDK's HTTP client and records the exchange as the client saw
 * it: the headers it set, the response headers as received, the body with gzip undone.
 */
final class HttpSender {
  private final HttpClient client;
  private final Duration timeout;

  HttpSender(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Sends the request to the service at {@code base} and waits for the whole answer.
   *
   * @throws IOException when the service cannot be reached or does not answer in time
   */
  Exchange send(String id, URI base, PlannedRequest planned)
      throws IOException, InterruptedException {
    String url = withoutTrailingSlash(base.toString()) + planned.pathAndQuery();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .method(
                planned.method(),
                planned.body().isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(planned.body().bytes()));
    for (Header h : planned.headers().entries()) {
      builder.header(h.name(), h.value());
    }
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    HttpResponse<byte[]> response =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    long durationMicros = (System.nanoTime() - start) / 1_000;
    Headers responseHeaders = headers(response.headers().map());
    Body body = decoded(responseHeaders, response.body(), planned, url);
    return new Exchange(
        id,
        new HttpRequestData(planned.method(), url, planned.headers(), planned.body()),
        new HttpResponseData(response.statusCode(), responseHeaders, body),
        startedAt,
        durationMicros,
        TrafficGenerator.SOURCE);
  }

  private static Headers headers(Map<String, List<String>> received) {
    List<Header> headers = new ArrayList<>();
    received.forEach(
        (name, values) -> {
          if (!name.startsWith(":")) {
            values.forEach(v -> headers.add(new Header(name, v)));
          }
        });
    return new Headers(headers);
  }

  /** The body with its content coding undone; gzip is the only one the service uses. */
  private static Body decoded(Headers headers, byte[] raw, PlannedRequest planned, String url) {
    String coding = headers.first("Content-Encoding").orElse("identity").trim();
    String lower = coding.toLowerCase(Locale.ROOT);
    if (raw.length == 0 || lower.equals("identity")) {
      return Body.of(raw);
    }
    if (!lower.equals("gzip") && !lower.equals("x-gzip")) {
      throw new SpotterException(
          "demo.unknown_encoding",
          "the answer to "
              + planned.method()
              + " "
              + url
              + " uses content coding '"
              + coding
              + "', which the demo traffic generator cannot decode");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return Body.of(in.readAllBytes());
    } catch (IOException e) {
      throw new SpotterException(
          "demo.bad_gzip",
          "the answer to "
              + planned.method()
              + " "
              + url
              + " says gzip but does not decode: "
              + e.getMessage(),
          false,
          e);
    }
  }

  private static String withoutTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
