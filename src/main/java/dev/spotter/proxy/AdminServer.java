package dev.spotter.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin port of a live mode, apart from the traffic port so that scraping it never competes
 * with clients for the proxy's threads: {@code GET /metrics} in Prometheus' text format and {@code
 * GET /health}, 200 while serving and 503 once draining, with a JSON body of details.
 */
public final class AdminServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What {@code /health} says.
   *
   * @param serving true while the proxy takes traffic (200), false once it drains (503)
   * @param status one word: {@code serving}, {@code draining}
   * @param details counters worth a glance, in order
   */
  public record Health(boolean serving, String status, Map<String, Object> details) {}

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code address}.
   *
   * @param metrics the scrape: Prometheus' text exposition of every meter
   * @throws SpotterException {@code admin.listen} when the address cannot be bound
   */
  public static AdminServer start(
      InetSocketAddress address, Supplier<String> metrics, Supplier<Health> health) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw cannotListen(address, e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "spotter-admin");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        exchange ->
            answer(
                exchange,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                () -> metrics.get().getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/health",
        exchange -> {
          Health h = health.get();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", h.status());
          body.putAll(h.details());
          answer(
              exchange,
              h.serving() ? 200 : 503,
              "application/json",
              () -> JSON.writeValueAsBytes(body));
        });
    server.createContext(
        "/",
        exchange ->
            answer(
                exchange,
                404,
                "text/plain; charset=utf-8",
                () -> "not found: try /metrics or /health\n".getBytes(StandardCharsets.UTF_8)));
    server.start();
    return new AdminServer(server, executor);
  }

  /**
   * Refuses to go on when {@code address} cannot be listened on, such as when another live command
   * on this machine holds the default admin port: called before a live mode starts anything, so
   * that it stops at once rather than after it opened its store and its traffic port. The port is
   * bound and let go at once; one taken in between is refused by {@link #start} the same way.
   *
   * @throws SpotterException {@code admin.listen} when the address cannot be bound
   */
  public static void checkFree(InetSocketAddress address) {
    try (ServerSocket probe = new ServerSocket()) {
      // as HttpServer binds: a port a closed connection left in TIME_WAIT is free for it
      probe.setReuseAddress(true);
      probe.bind(address, 1);
    } catch (IOException e) {
      throw cannotListen(address, e);
    }
  }

  /**
   * A taken or unusable admin port is no passing trouble: trying again meets the same listener, so
   * the message gives the ways out instead.
   */
  private static SpotterException cannotListen(InetSocketAddress address, IOException e) {
    String where = ListenAddress.format(address);
    String why =
        e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")
            ? "the admin port "
                + where
                + " is in use (another live Spotter on this machine, or another program, listens"
                + " there)"
            : "cannot listen on " + where + " for the admin port: " + e.getMessage();
    return new SpotterException(
        "admin.listen",
        why
            + ": give this command another with --admin HOST:PORT (such as --admin 127.0.0.1:"
            + nextPort(address)
            + "), or none with --admin off (proxy.admin in spotter.yaml sets either for every"
            + " run)",
        false,
        e);
  }

  private static int nextPort(InetSocketAddress address) {
    int port = address.getPort();
    return port == 0 || port == 65535 ? 9902 : port + 1;
  }

  private interface Body {
    byte[] get() throws IOException;
  }

  private static void answer(HttpExchange exchange, int status, String type, Body body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.get();
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The address it listens on (the actual port when port 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
