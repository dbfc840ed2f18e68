package dev.spotter.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.spotter.demo.OrdersApi.Reply;
import dev.spotter.model.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the legacy orders service: routing, the bearer-token check, request ids, gzip
 * for clients that accept it, and the JSON error for anything that goes wrong.
 */
final class HttpFront implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  /** A request body larger than this is refused: nothing this API accepts comes close. */
  static final int MAX_REQUEST_BODY = 64 * 1024;

  private final OrdersApi api;

  HttpFront(OrdersApi api) {
    this.api = api;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      Instant servedAt = Instant.now();
      Reply reply;
      boolean compressible = false;
      try {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        URI uri = exchange.getRequestURI();
        byte[] body = readBody(exchange.getRequestBody());
        Route.Lookup lookup = Route.lookup(method, uri.getRawPath());
        if (lookup instanceof Route.Lookup.Found found) {
          Route route = found.match().route();
          if (route != Route.HEALTH && !hasBearerToken(exchange)) {
            reply =
                withHeader(
                    OrdersApi.error(
                        401, "unauthorized", "a bearer token is required", requestId, servedAt),
                    new Header("WWW-Authenticate", "Bearer realm=\"orders\""));
          } else {
            reply =
                api.answer(
                    new OrdersApi.Call(
                        found.match(), query(uri.getRawQuery()), body, requestId, servedAt));
            compressible = route.compressible() && reply.status() == 200;
          }
        } else if (lookup instanceof Route.Lookup.WrongMethod wrong) {
          reply =
              withHeader(
                  OrdersApi.error(
                      405,
                      "method_not_allowed",
                      method + " is not allowed on " + uri.getRawPath(),
                      requestId,
                      servedAt),
                  new Header("Allow", String.join(", ", wrong.allowed())));
        } else {
          reply =
              OrdersApi.error(
                  404,
                  "not_found",
                  "no route for " + method + " " + uri.getRawPath(),
                  requestId,
                  servedAt);
        }
      } catch (BodyTooLarge e) {
        reply =
            OrdersApi.error(
                413,
                "payload_too_large",
                "request bodies are limited to " + MAX_REQUEST_BODY + " bytes",
                requestId,
                servedAt);
      } catch (RuntimeException e) {
        LOG.warn("request {} failed", requestId, e);
        reply = OrdersApi.error(500, "internal_error", "unexpected error", requestId, servedAt);
      }
      send(exchange, reply, requestId, compressible);
    }
  }

  private static void send(
      HttpExchange exchange, Reply reply, String requestId, boolean compressible)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", reply.contentType());
    headers.set("X-Request-Id", requestId);
    // The JDK 17 server flushes the headers before the body is written, so on a kept-alive
    // connection Nagle's algorithm holds the body back until the client's delayed ACK of the
    // headers arrives: 40 ms per answer. Closing after each answer pushes the body out at once
    // (plenty of old services behind a load balancer do the same), without relying on the
    // process-wide sun.net.httpserver.nodelay property being set before any server started.
    headers.set("Connection", "close");
    for (Header h : reply.headers()) {
      headers.add(h.name(), h.value());
    }
    byte[] body = reply.body();
    if (compressible) {
      headers.set("Vary", "Accept-Encoding");
      if (acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"))) {
        body = gzip(body);
        headers.set("Content-Encoding", "gzip");
      }
    }
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(reply.status(), body.length == 0 || head ? -1 : body.length);
    if (body.length > 0 && !head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static boolean hasBearerToken(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    return authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && !authorization.substring(7).isBlank();
  }

  /** Whether an Accept-Encoding value accepts gzip (a {@code q=0} refuses it). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] params = part.trim().split(";");
      if (!params[0].trim().equalsIgnoreCase("gzip")) {
        continue;
      }
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        if (p.startsWith("q=")) {
          try {
            if (Double.parseDouble(p.substring(2)) <= 0) {
              return false;
            }
          } catch (NumberFormatException e) {
            return false;
          }
        }
      }
      return true;
    }
    return false;
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      // the first occurrence wins, as in the servlet API the legacy code was written against
      params.putIfAbsent(decode(name), decode(value));
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static Reply withHeader(Reply reply, Header header) {
    return new Reply(reply.status(), reply.contentType(), reply.body(), List.of(header));
  }

  private static byte[] readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > MAX_REQUEST_BODY) {
        throw new BodyTooLarge();
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 32);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  private static final class BodyTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super(null, null, false, false);
    }
  }
}
