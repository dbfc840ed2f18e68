package dev.spotter.demo;

import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The endpoints of the legacy orders service and how a request path is matched to one. */
enum Route {
  ORDER("GET", "/orders/{id}", false),
  ORDER_SEARCH("GET", "/orders", true),
  PLACE_ORDER("POST", "/orders", false),
  CUSTOMER("GET", "/customers/{id}", false),
  CUSTOMER_ORDERS("GET", "/customers/{id}/orders", true),
  PRODUCT("GET", "/products/{sku}", false),
  DAILY_REPORT("GET", "/reports/daily/{date}", true),
  HEALTH("GET", "/health", false);

  private final Endpoint endpoint;
  private final String[] segments;
  private final boolean compressible;

  Route(String method, String template, boolean compressible) {
    this.endpoint = new Endpoint(method, template);
    this.segments = split(template);
    this.compressible = compressible;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** Whether a successful answer is gzipped for clients that accept it. */
  boolean compressible() {
    return compressible;
  }

  /** A request matched to a route, with the values of its {@code {name}} segments. */
  record Match(Route route, Map<String, String> params) {
    String param(String name) {
      return params.get(name);
    }
  }

  /** The outcome of routing: a match, a known path with another method, or nothing. */
  sealed interface Lookup {
    record Found(Match match) implements Lookup {}

    record WrongMethod(List<String> allowed) implements Lookup {}

    record NotFound() implements Lookup {}
  }

  static Lookup lookup(String method, String path) {
    List<String> allowed = new ArrayList<>();
    for (Route route : values()) {
      Optional<Map<String, String>> params = route.bind(path);
      if (params.isEmpty()) {
        continue;
      }
      if (route.endpoint.method().equals(method)) {
        return new Lookup.Found(new Match(route, params.get()));
      }
      allowed.add(route.endpoint.method());
    }
    return allowed.isEmpty() ? new Lookup.NotFound() : new Lookup.WrongMethod(allowed);
  }

  private Optional<Map<String, String>> bind(String path) {
    String[] target = split(path);
    if (target.length != segments.length) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.startsWith("{") && s.endsWith("}")) {
        if (target[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(s.substring(1, s.length() - 1), target[i]);
      } else if (!s.equals(target[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  private static String[] split(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return new String[0];
    }
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }
}
