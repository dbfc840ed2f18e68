package dev.spotter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A service Spotter was never tuned on: warehouse stock, search and a warehouse list, with its own
 * nondeterminism (random reservations, epoch-millisecond clocks, lots in random order, prices
 * summed in random order, random scores and trace ids). The new build changes five things.
 */
final class InventoryService implements AutoCloseable {
  static final String[] WAREHOUSES = {"BER1", "HAM2", "MUC3"};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean newBuild;
  private final TestHttpServer server;

  private InventoryService(boolean newBuild) {
    this.newBuild = newBuild;
    this.server =
        TestHttpServer.start(
            exchange -> {
              try {
                route(exchange);
              } catch (RuntimeException e) {
                TestHttpServer.respond(exchange, 500, "text/plain", e.toString().getBytes());
              }
            });
  }

  static InventoryService oldBuild() {
    return new InventoryService(false);
  }

  static InventoryService newBuild() {
    return new InventoryService(true);
  }

  URI baseUri() {
    return server.baseUri();
  }

  static String sku(int n) {
    return "ab-" + (n % 40);
  }

  private void route(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    ObjectNode body;
    if (path.startsWith("/api/v2/inventory/") && parts.length == 6) {
      body = stock(parts[4], parts[5]);
      exchange.getResponseHeaders().set("Cache-Control", "max-age=30");
    } else if (path.equals("/api/v2/search")) {
      String q = exchange.getRequestURI().getQuery();
      body = search(q == null ? "" : q);
    } else if (path.equals("/api/v2/warehouses")) {
      body = warehouses();
      exchange.getResponseHeaders().set("Cache-Control", newBuild ? "no-store" : "max-age=300");
    } else {
      TestHttpServer.respond(
          exchange, 404, "application/json", "{\"error\":\"not found\"}".getBytes());
      return;
    }
    exchange.getResponseHeaders().set("X-Trace", Long.toHexString(rnd().nextLong()));
    TestHttpServer.respond(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
  }

  private static Random rnd() {
    return ThreadLocalRandom.current();
  }

  private ObjectNode stock(String warehouse, String sku) {
    Random data = new Random((warehouse + sku).hashCode());
    ObjectNode n = JSON.createObjectNode();
    n.put("sku", sku);
    n.put("warehouse", warehouse);
    n.put("onHand", data.nextInt(500));
    int reserved = rnd().nextInt(4);
    if (newBuild) {
      n.put("reserved", Integer.toString(reserved)); // planted: a noisy number becomes a string
    } else {
      n.put("reserved", reserved);
    }
    n.put("checkedAt", System.currentTimeMillis());
    List<ObjectNode> lots = new ArrayList<>();
    for (int i = 0; i < 2 + data.nextInt(3); i++) {
      ObjectNode lot = JSON.createObjectNode();
      lot.put("lot", "L-" + data.nextInt(100000));
      lot.put("qty", data.nextInt(50));
      if (newBuild) {
        lot.put("expiresAt", "2027-01-01"); // planted: array elements change shape
      }
      lots.add(lot);
    }
    Collections.shuffle(lots, rnd());
    ArrayNode array = n.putArray("lots");
    lots.forEach(array::add);
    double[] parts = {data.nextInt(1000) / 100.0, data.nextInt(1000) / 300.0, 0.1, 0.2};
    List<Double> order = new ArrayList<>();
    for (double p : parts) {
      order.add(p);
    }
    Collections.shuffle(order, rnd());
    double amount = 0;
    for (double p : order) {
      amount += p;
    }
    if (newBuild) {
      // planted: rounding hidden under float jitter
      amount = BigDecimal.valueOf(amount).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
    ObjectNode price = n.putObject("price");
    price.put("amount", amount);
    price.put("currency", "EUR");
    n.put("traceId", Long.toHexString(rnd().nextLong()));
    return n;
  }

  private ObjectNode search(String query) {
    Random data = new Random(query.hashCode());
    ObjectNode n = JSON.createObjectNode();
    n.put("query", query);
    ArrayNode hits = n.putArray("hits");
    for (int i = 0; i < 3; i++) {
      ObjectNode hit = hits.addObject();
      hit.put("sku", sku(data.nextInt(40)));
      if (!newBuild) {
        hit.put("score", rnd().nextDouble()); // planted: a random field disappears
      }
    }
    n.put("tookMs", rnd().nextInt(30));
    return n;
  }

  private ObjectNode warehouses() {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode list = n.putArray("warehouses");
    for (String w : WAREHOUSES) {
      ObjectNode o = list.addObject();
      o.put("code", w);
      o.put("load", rnd().nextDouble());
    }
    return n;
  }

  @Override
  public void close() {
    server.close();
  }
}
