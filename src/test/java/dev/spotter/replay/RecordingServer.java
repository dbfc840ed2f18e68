package dev.spotter.replay;

import com.sun.net.httpserver.HttpExchange;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TestHttpServer} that remembers every request it received and how many it handled at
 * once, answering through a function of the request.
 */
final class RecordingServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Received(
      String method, String uri, Map<String, List<String>> headers, byte[] body, long atNanos) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  interface Responder {
    void respond(Received request, HttpExchange exchange) throws IOException;
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final TestHttpServer server;

  private RecordingServer(Responder responder) {
    server =
        TestHttpServer.start(
            exchange -> {
              int now = inFlight.incrementAndGet();
              maxInFlight.accumulateAndGet(now, Math::max);
              try {
                Received r =
                    new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes(),
                        System.nanoTime());
                received.add(r);
                responder.respond(r, exchange);
              } finally {
                inFlight.decrementAndGet();
              }
            });
  }

  static RecordingServer start(Responder responder) {
    return new RecordingServer(responder);
  }

  /** Answers 200 with a body naming the path. */
  static RecordingServer echoingPath() {
    return start(
        (r, ex) ->
            TestHttpServer.respond(
                ex,
                200,
                "text/plain",
                ("path " + r.uri()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  List<Received> received() {
    return received;
  }

  List<String> uris() {
    return received.stream().map(Received::uri).toList();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  URI baseUri() {
    return server.baseUri();
  }

  String url() {
    return server.baseUri().toString();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
