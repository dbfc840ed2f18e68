package dev.spotter.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 and a free port, for tests that need a target to talk to. The
 * handler sees every request; close the server when done (try-with-resources).
 */
public final class TestHttpServer implements AutoCloseable {
  /** Answers one request; may throw to make the server reset the connection. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private TestHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static TestHttpServer start(Handler handler) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
      ExecutorService executor = Executors.newFixedThreadPool(16);
      server.setExecutor(executor);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              handler.handle(exchange);
            }
          });
      server.start();
      return new TestHttpServer(server, executor);
    } catch (IOException e) {
      throw new IllegalStateException("could not start a test server", e);
    }
  }

  /** Sends a complete response with the given status, content type and body. */
  public static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL, such as {@code http://127.0.0.1:41234}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
