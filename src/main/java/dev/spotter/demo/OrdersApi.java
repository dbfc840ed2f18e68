package dev.spotter.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.demo.Catalog.Customer;
import dev.spotter.demo.Catalog.Line;
import dev.spotter.demo.Catalog.Order;
import dev.spotter.demo.Catalog.Product;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.model.Header;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The business logic of the legacy orders service: one method per endpoint, each turning a call
 * into a reply. The nondeterminism a real service of this age shows (clock readings, generated ids,
 * set-like arrays in hash order, floating-point sums in arbitrary order, a cache that is sometimes
 * warm) comes from here, as do the four places where the NEW build differs.
 */
final class OrdersApi {
  static final String JSON = "application/json;charset=UTF-8";
  static final String CSV = "text/csv;charset=UTF-8";
  static final String CURRENCY = "USD";

  /** Sales tax applied to the goods total; the legacy code only knows one jurisdiction. */
  static final BigDecimal TAX_RATE = new BigDecimal("0.0825");

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Build build;
  private final Catalog catalog;

  /**
   * When this instance "booted": hours ago, at random. Production instances never start in the same
   * millisecond; instances started one after another in a test would, and their uptimes would then
   * agree on some requests and not on others, which is not the noise this service stands for.
   */
  private final long startedNanos =
      System.nanoTime()
          - java.util.concurrent.ThreadLocalRandom.current()
              .nextLong(
                  java.util.concurrent.TimeUnit.HOURS.toNanos(1),
                  java.util.concurrent.TimeUnit.HOURS.toNanos(72));

  private final AtomicInteger ordersAccepted = new AtomicInteger();

  OrdersApi(Build build, Catalog catalog) {
    this.build = build;
    this.catalog = catalog;
  }

  /** One request, already routed and authenticated. */
  record Call(
      Route.Match match,
      Map<String, String> query,
      byte[] body,
      String requestId,
      Instant servedAt) {}

  /** What to send back; the HTTP front adds the request id header and the compression. */
  record Reply(int status, String contentType, byte[] body, List<Header> headers) {
    Reply(int status, String contentType, byte[] body) {
      this(status, contentType, body, List.of());
    }
  }

  int ordersAccepted() {
    return ordersAccepted.get();
  }

  Reply answer(Call call) {
    return switch (call.match().route()) {
      case ORDER -> order(call);
      case ORDER_SEARCH -> searchOrders(call);
      case PLACE_ORDER -> placeOrder(call);
      case CUSTOMER -> customer(call);
      case CUSTOMER_ORDERS -> customerOrders(call);
      case PRODUCT -> product(call);
      case DAILY_REPORT -> dailyReport(call);
      case HEALTH -> health(call);
    };
  }

  private Reply order(Call call) {
    String raw = call.match().param("id");
    Optional<Long> id = parseId(raw);
    if (id.isEmpty()) {
      return error(400, "bad_request", "order id must be a number: '" + raw + "'", call);
    }
    Optional<Order> order = catalog.order(id.get());
    if (order.isEmpty()) {
      return error(404, "not_found", "order " + id.get() + " not found", call);
    }
    Order o = order.get();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", o.id());
    body.put("customerId", o.customerId());
    body.put("status", o.status());
    body.put("placedAt", o.placedAt().toString());
    body.put("currency", CURRENCY);
    body.set("items", lines(o.lines()));
    body.put("total", floatingTotal(o.lines()));
    body.put("taxRate", TAX_RATE);
    body.put("tax", tax(o.totalCents()));
    body.set("tags", shuffled(o.tags()));
    return json(200, stamp(body, call));
  }

  private Reply searchOrders(Call call) {
    Map<String, String> q = call.query();
    Long customer = null;
    if (q.containsKey("customer")) {
      Optional<Long> parsed = parseId(q.get("customer"));
      if (parsed.isEmpty()) {
        return error(
            400,
            "bad_request",
            "customer must be a customer id: '" + q.get("customer") + "'",
            call);
      }
      customer = parsed.get();
    }
    String status = q.get("status");
    if (status != null && !Catalog.STATUSES.contains(status)) {
      return error(
          400,
          "bad_request",
          "status must be one of " + String.join(", ", Catalog.STATUSES) + ": '" + status + "'",
          call);
    }
    int limit = DEFAULT_LIMIT;
    if (q.containsKey("limit")) {
      Optional<Long> parsed = parseId(q.get("limit"));
      if (parsed.isEmpty() || parsed.get() < 1 || parsed.get() > MAX_LIMIT) {
        return error(
            400,
            "bad_request",
            "limit must be a number from 1 to " + MAX_LIMIT + ": '" + q.get("limit") + "'",
            call);
      }
      limit = parsed.get().intValue();
    }
    List<Order> matching = new ArrayList<>();
    for (Order o : catalog.orders()) {
      if ((customer == null || o.customerId() == customer)
          && (status == null || o.status().equals(status))) {
        matching.add(o);
      }
    }
    ArrayNode orders = MAPPER.createArrayNode();
    matching.stream().limit(limit).forEach(o -> orders.add(summary(o, true)));
    ObjectNode body = MAPPER.createObjectNode();
    body.set("orders", orders);
    body.put("count", orders.size());
    body.put("matching", matching.size());
    body.put("limit", limit);
    return json(200, stamp(body, call));
  }

  private Reply placeOrder(Call call) {
    JsonNode request;
    try {
      request = MAPPER.readTree(call.body());
    } catch (IOException e) {
      request = null;
    }
    if (request == null || !request.isObject()) {
      return error(400, "bad_request", "the request body must be a JSON object", call);
    }
    JsonNode customerId = request.get("customerId");
    if (customerId == null || !customerId.canConvertToLong() || !customerId.isIntegralNumber()) {
      return error(422, "invalid_order", "customerId is required and must be a number", call);
    }
    if (catalog.customer(customerId.asLong()).isEmpty()) {
      return error(
          422, "invalid_order", "customer " + customerId.asLong() + " does not exist", call);
    }
    JsonNode items = request.get("items");
    if (items == null || !items.isArray() || items.isEmpty()) {
      return error(422, "invalid_order", "items must be a non-empty array", call);
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String sku = item.path("sku").asText("");
      Optional<Product> product = catalog.product(sku);
      if (product.isEmpty()) {
        return error(
            422, "invalid_order", "items/" + i + ": product '" + sku + "' does not exist", call);
      }
      JsonNode quantity = item.get("quantity");
      if (quantity == null || !quantity.isIntegralNumber() || quantity.asInt() < 1) {
        return error(
            422, "invalid_order", "items/" + i + ": quantity must be a whole number >= 1", call);
      }
      lines.add(new Line(product.get(), quantity.asInt()));
    }
    // The side effect: the order joins the intake queue that the nightly batch loads. Listings
    // and daily reports only show what the last batch loaded, so they do not change.
    ordersAccepted.incrementAndGet();
    String intakeId = UUID.randomUUID().toString();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("intakeId", intakeId);
    body.put("status", "received");
    body.put("customerId", customerId.asLong());
    body.put("currency", CURRENCY);
    body.set("items", lines(lines));
    body.put("total", floatingTotal(lines));
    return new Reply(
        202,
        JSON,
        bytes(stamp(body, call)),
        List.of(new Header("Location", "/orders/intake/" + intakeId)));
  }

  private Reply customer(Call call) {
    String raw = call.match().param("id");
    Optional<Long> id = parseId(raw);
    if (id.isEmpty()) {
      return error(400, "bad_request", "customer id must be a number: '" + raw + "'", call);
    }
    Optional<Customer> customer = catalog.customer(id.get());
    if (customer.isEmpty()) {
      return error(404, "not_found", "customer " + id.get() + " not found", call);
    }
    Customer c = customer.get();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", c.id());
    body.put("name", c.name());
    body.put(build.emailField(), c.email());
    body.put("tier", c.tier());
    body.put("customerSince", c.since().toString());
    ObjectNode address = body.putObject("address");
    address.put("city", c.city());
    address.put("country", c.country());
    return json(200, stamp(body, call));
  }

  private Reply customerOrders(Call call) {
    String raw = call.match().param("id");
    Optional<Long> id = parseId(raw);
    if (id.isEmpty()) {
      return error(400, "bad_request", "customer id must be a number: '" + raw + "'", call);
    }
    if (catalog.customer(id.get()).isEmpty()) {
      return error(
          build.unknownCustomerOrdersStatus(),
          "not_found",
          "customer " + id.get() + " not found",
          call);
    }
    ArrayNode orders = MAPPER.createArrayNode();
    catalog.orders().stream()
        .filter(o -> o.customerId() == id.get())
        .forEach(o -> orders.add(summary(o, false)));
    ObjectNode body = MAPPER.createObjectNode();
    body.put("customerId", id.get());
    body.set("orders", orders);
    body.put("count", orders.size());
    return json(200, stamp(body, call));
  }

  private Reply product(Call call) {
    String sku = call.match().param("sku");
    Optional<Product> product = catalog.product(sku);
    if (product.isEmpty()) {
      return error(404, "not_found", "product " + sku + " not found", call);
    }
    Product p = product.get();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("sku", p.sku());
    body.put("name", p.name());
    body.put("category", p.category());
    if (build.priceAsText()) {
      body.put("price", BigDecimal.valueOf(p.priceCents(), 2).toPlainString());
    } else {
      body.put("price", p.priceCents() / 100.0);
    }
    body.put("currency", CURRENCY);
    body.put("stock", p.stock());
    body.set("warehouses", shuffled(p.warehouses()));
    // the product cache in front of the database is warm or cold depending on the instance's past
    String cache = ThreadLocalRandom.current().nextBoolean() ? "HIT" : "MISS";
    return new Reply(200, JSON, bytes(stamp(body, call)), List.of(new Header("X-Cache", cache)));
  }

  private Reply dailyReport(Call call) {
    String raw = call.match().param("date");
    LocalDate day;
    try {
      day = LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      return error(400, "bad_request", "date must be written YYYY-MM-DD: '" + raw + "'", call);
    }
    StringBuilder csv = new StringBuilder("order_id,customer_id,status,items,total\n");
    catalog.orders().stream()
        .filter(o -> o.day().equals(day))
        .sorted((a, b) -> a.placedAt().compareTo(b.placedAt()))
        .forEach(
            o ->
                csv.append(o.id())
                    .append(',')
                    .append(o.customerId())
                    .append(',')
                    .append(o.status())
                    .append(',')
                    .append(o.lines().size())
                    .append(',')
                    .append(BigDecimal.valueOf(o.totalCents(), 2).toPlainString())
                    .append('\n'));
    return new Reply(200, CSV, csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Reply health(Call call) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("status", "UP");
    body.put("service", "legacy-orders");
    body.put("uptimeMs", (System.nanoTime() - startedNanos) / 1_000_000);
    ObjectNode database = body.putObject("checks").putObject("database");
    database.put("status", "UP");
    database.put("latencyMs", 1 + ThreadLocalRandom.current().nextInt(12));
    return json(200, stamp(body, call));
  }

  private ObjectNode summary(Order o, boolean withCustomer) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("id", o.id());
    if (withCustomer) {
      s.put("customerId", o.customerId());
    }
    s.put("status", o.status());
    s.put("placedAt", o.placedAt().toString());
    s.put("itemCount", o.lines().size());
    s.put("total", floatingTotal(o.lines()));
    return s;
  }

  private static ArrayNode lines(List<Line> lines) {
    ArrayNode items = MAPPER.createArrayNode();
    for (Line line : lines) {
      ObjectNode item = items.addObject();
      item.put("sku", line.product().sku());
      item.put("name", line.product().name());
      item.put("quantity", line.quantity());
      item.put("unitPrice", line.product().priceCents() / 100.0);
      item.put("lineTotal", line.cents() / 100.0);
    }
    return items;
  }

  /**
   * The goods total as the legacy code computes it: doubles added up in the order a hash set hands
   * out the lines, so the last digits depend on that order (59.97 one time, 59.970000000000006 the
   * next).
   */
  static double floatingTotal(List<Line> lines) {
    List<Double> amounts = new ArrayList<>();
    for (Line line : lines) {
      amounts.add(line.cents() / 100.0);
    }
    Collections.shuffle(amounts, ThreadLocalRandom.current());
    double total = 0;
    for (double amount : amounts) {
      total += amount;
    }
    return total;
  }

  /** Tax on the exact goods total, rounded the way this build rounds. */
  BigDecimal tax(long totalCents) {
    return BigDecimal.valueOf(totalCents, 2).multiply(TAX_RATE).setScale(2, build.taxRounding());
  }

  private static ArrayNode shuffled(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    Collections.shuffle(copy, ThreadLocalRandom.current());
    ArrayNode array = MAPPER.createArrayNode();
    copy.forEach(array::add);
    return array;
  }

  private static ObjectNode stamp(ObjectNode body, Call call) {
    body.put("servedAt", call.servedAt().toString());
    body.put("requestId", call.requestId());
    return body;
  }

  static Reply error(int status, String code, String message, Call call) {
    return error(status, code, message, call.requestId(), call.servedAt());
  }

  /** The error body every endpoint uses: a code, a message, and the stamp. */
  static Reply error(int status, String code, String message, String requestId, Instant at) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("error", code);
    body.put("message", message);
    body.put("servedAt", at.toString());
    body.put("requestId", requestId);
    return json(status, body);
  }

  private static Reply json(int status, ObjectNode body) {
    return new Reply(status, JSON, bytes(body));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree built in memory could not be written", e);
    }
  }

  private static Optional<Long> parseId(String raw) {
    if (raw == null
        || raw.isEmpty()
        || raw.length() > 18
        || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(raw));
  }
}
