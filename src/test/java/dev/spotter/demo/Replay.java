package dev.spotter.demo;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends recorded or hand-written requests to a running instance, for the demo's tests. */
final class Replay {
  private static final HttpSender SENDER = new HttpSender(Duration.ofSeconds(10));
  private static final HttpClient RAW_CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Replay() {}

  /** The answers of {@code target} to the recorded requests, in the same order. */
  static List<HttpResponseData> to(URI target, List<Exchange> recorded) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Exchange>> pending = new ArrayList<>();
      for (Exchange e : recorded) {
        PlannedRequest request =
            new PlannedRequest(
                e.request().method(),
                e.request().pathAndQuery(),
                e.request().headers(),
                e.request().body());
        pending.add(pool.submit(() -> SENDER.send(e.id(), target, request)));
      }
      List<HttpResponseData> answers = new ArrayList<>();
      for (Future<Exchange> f : pending) {
        answers.add(f.get().response());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One request with the given headers (name, value, name, value...) and no body. */
  static HttpResponseData send(URI base, String method, String pathAndQuery, String... headers)
      throws Exception {
    return send(base, method, pathAndQuery, Body.EMPTY, headers);
  }

  static HttpResponseData send(
      URI base, String method, String pathAndQuery, Body body, String... headers) throws Exception {
    return SENDER
        .send("test", base, new PlannedRequest(method, pathAndQuery, Headers.of(headers), body))
        .response();
  }

  /** The raw answer, without undoing gzip, to see what went over the wire. */
  static HttpResponse<byte[]> raw(URI base, String pathAndQuery, String... headers)
      throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return RAW_CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
