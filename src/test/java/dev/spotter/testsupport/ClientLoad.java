package dev.spotter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Client load for proxies in front of a backend that answers {@code "answer to " + path}: GETs of
 * unique paths from several threads, each thread sending to the proxies in turn, every answer
 * checked; keeps the paths sent and each request's latency.
 */
public final class ClientLoad {
  /** The backend this load expects: it answers every GET with {@code "answer to " + path}. */
  public static TestHttpServer backend() {
    return TestHttpServer.start(
        exchange ->
            TestHttpServer.respond(
                exchange,
                200,
                "text/plain",
                ("answer to " + exchange.getRequestURI().getPath())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  public final Set<String> sent = ConcurrentHashMap.newKeySet();
  public final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());

  public void run(List<Integer> ports, int threads, int perThread, String tag) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  HttpClient client =
                      HttpClient.newBuilder()
                          .version(HttpClient.Version.HTTP_1_1)
                          .connectTimeout(Duration.ofSeconds(5))
                          .build();
                  for (int i = 0; i < perThread; i++) {
                    // numbers, so that all of one tag's requests are one endpoint
                    String path = "/items/" + tag + "/" + (thread * 100_000 + i);
                    int port = ports.get(i % ports.size());
                    HttpRequest request =
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + path + "?n=" + i))
                            .header("Authorization", "Bearer secret-" + thread)
                            .timeout(Duration.ofSeconds(10))
                            .build();
                    long start = System.nanoTime();
                    HttpResponse<String> r =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    latenciesMicros.add((System.nanoTime() - start) / 1000);
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    assertThat(r.body()).isEqualTo("answer to " + path);
                    sent.add(path);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  public long percentileMicros(double p) {
    List<Long> sorted = new ArrayList<>(latenciesMicros);
    sorted.sort(null);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }
}
