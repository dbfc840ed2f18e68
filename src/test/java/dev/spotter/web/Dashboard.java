package dev.spotter.web;

import dev.spotter.capture.RedactionRules;
import dev.spotter.capture.Redactor;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.model.HttpResponseData;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real dashboard on port 0 over a temporary SQLite store, and a browser-like client that keeps
 * cookies. Tests fill the store through the domain services and talk HTTP to the server.
 */
final class Dashboard implements AutoCloseable {
  final Store store;
  final Clock clock = Clock.systemUTC();
  final DashboardServer server;
  final CookieManager cookies = new CookieManager();
  final HttpClient client;

  Dashboard(Path dir) {
    this(dir, DashboardSettings.DEFAULT_HOST, null);
  }

  Dashboard(Path dir, String host, String token) {
    this(SqliteStore.open(dir.resolve("spotter.db")), host, token);
  }

  /** A dashboard on loopback over the given store, which it closes with itself. */
  Dashboard(Store store) {
    this(store, DashboardSettings.DEFAULT_HOST, null);
  }

  private Dashboard(Store store, String host, String token) {
    this.store = store;
    server =
        DashboardServer.start(
            new DashboardSettings(host, 0, token, "default"),
            store,
            clock,
            new MapMaker(new EndpointGrouper(List.of()), HttpResponseData::body, clock),
            new Redactor(RedactionRules.defaults())::redact);
    client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  /** Posts a form as a browser of the dashboard does: with the CSRF cookie and its field. */
  HttpResponse<String> post(String path, Map<String, String> fields) {
    if (csrfCookie() == null) {
      get("/"); // the first visit hands out the value
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(fields);
    all.put("csrf", csrfCookie());
    return postRaw(path, all);
  }

  /** Posts exactly these fields (no CSRF field unless given). */
  HttpResponse<String> postRaw(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  String csrfCookie() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(Csrf.COOKIE))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
