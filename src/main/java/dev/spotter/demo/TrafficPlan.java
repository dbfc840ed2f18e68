package dev.spotter.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.demo.Catalog.Product;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The requests of a demo traffic run, decided entirely by a seed: which clients call, which
 * endpoints, which ids (popular ones more often, about one in ten unknown), which filters, and a
 * few orders placed. Nothing here touches the network.
 */
final class TrafficPlan {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** How often each endpoint is called, in percent; they add up to 100. */
  private static final int[][] MIX = {
    {Route.ORDER.ordinal(), 25},
    {Route.ORDER_SEARCH.ordinal(), 12},
    {Route.PLACE_ORDER.ordinal(), 6},
    {Route.CUSTOMER.ordinal(), 14},
    {Route.CUSTOMER_ORDERS.ordinal(), 12},
    {Route.PRODUCT.ordinal(), 16},
    {Route.DAILY_REPORT.ordinal(), 9},
    {Route.HEALTH.ordinal(), 6},
  };

  /** Who calls the service: each with its own user agent, token and habits. */
  record Client(
      String userAgent, String authorization, String acceptEncoding, List<String> cookies) {}

  private final Random random;
  private final List<Client> clients;
  private final int[] clientWeights = {35, 25, 20, 15, 5};
  private final List<Product> products;
  private final List<Integer> discontinuedSkus;

  private TrafficPlan(long seed, Catalog catalog) {
    this.random = new Random(seed);
    this.products = catalog.products();
    this.discontinuedSkus = gaps(products);
    this.clients = clients();
  }

  /** The requests of a run of the given size and seed; the same seed gives the same list. */
  static List<PlannedRequest> plan(int count, long seed) {
    TrafficPlan plan = new TrafficPlan(seed, Catalog.standard());
    List<PlannedRequest> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(plan.next());
    }
    return requests;
  }

  private PlannedRequest next() {
    Client client = clients.get(weighted(clientWeights));
    int[] weights = new int[MIX.length];
    for (int i = 0; i < MIX.length; i++) {
      weights[i] = MIX[i][1];
    }
    Route route = Route.values()[MIX[weighted(weights)][0]];
    return switch (route) {
      case ORDER -> get(client, "/orders/" + orderId(), "application/json");
      case ORDER_SEARCH -> get(client, "/orders" + searchQuery(), "application/json");
      case PLACE_ORDER -> placeOrder(client);
      case CUSTOMER -> get(client, "/customers/" + customerId(0.10), "application/json");
      case CUSTOMER_ORDERS ->
          // the mobile app looks up customers by a typed-in number, hence more misses here
          get(client, "/customers/" + customerId(0.30) + "/orders", "application/json");
      case PRODUCT -> get(client, "/products/" + sku(), "application/json");
      case DAILY_REPORT -> get(client, "/reports/daily/" + reportDate(), "text/csv");
      case HEALTH -> get(client, "/health", "application/json");
    };
  }

  private PlannedRequest get(Client client, String pathAndQuery, String accept) {
    return new PlannedRequest("GET", pathAndQuery, headers(client, accept, false), Body.EMPTY);
  }

  private PlannedRequest placeOrder(Client client) {
    ObjectNode order = MAPPER.createObjectNode();
    double flaw = random.nextDouble();
    long customer = Catalog.FIRST_CUSTOMER_ID + skewed(Catalog.CUSTOMERS);
    order.put("customerId", flaw < 0.05 ? 9000 + random.nextInt(1000) : customer);
    ArrayNode items = order.putArray("items");
    int lines = 1 + random.nextInt(3);
    for (int i = 0; i < lines; i++) {
      ObjectNode item = items.addObject();
      boolean last = i == lines - 1;
      item.put(
          "sku",
          last && flaw >= 0.05 && flaw < 0.10
              ? discontinuedSku()
              : products.get(skewed(products.size())).sku());
      item.put("quantity", last && flaw >= 0.10 && flaw < 0.13 ? 0 : 1 + random.nextInt(5));
    }
    order.put("channel", client.cookies().isEmpty() ? "api" : "web");
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(order);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree built in memory could not be written", e);
    }
    return new PlannedRequest(
        "POST", "/orders", headers(client, "application/json", true), Body.of(body));
  }

  private Headers headers(Client client, String accept, boolean jsonBody) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Accept", client.userAgent().startsWith("curl/") ? "*/*" : accept));
    if (client.acceptEncoding() != null) {
      headers.add(new Header("Accept-Encoding", client.acceptEncoding()));
    }
    headers.add(new Header("Authorization", client.authorization()));
    if (!client.cookies().isEmpty()) {
      headers.add(
          new Header("Cookie", client.cookies().get(random.nextInt(client.cookies().size()))));
    }
    headers.add(new Header("User-Agent", client.userAgent()));
    if (jsonBody) {
      headers.add(new Header("Content-Type", "application/json"));
    }
    return new Headers(headers);
  }

  private long orderId() {
    if (random.nextDouble() < 0.10) {
      // orders newer than the last nightly batch, or purged years ago
      return random.nextBoolean() ? 50_301 + random.nextInt(500) : 40_000 + random.nextInt(10_000);
    }
    return Catalog.FIRST_ORDER_ID + skewed(Catalog.ORDERS);
  }

  private long customerId(double unknownShare) {
    if (random.nextDouble() < unknownShare) {
      return random.nextBoolean() ? 1061 + random.nextInt(300) : 1 + random.nextInt(999);
    }
    return Catalog.FIRST_CUSTOMER_ID + skewed(Catalog.CUSTOMERS);
  }

  private String sku() {
    if (random.nextDouble() < 0.10) {
      return random.nextBoolean() ? discontinuedSku() : "SKU-" + (20_000 + random.nextInt(10_000));
    }
    return products.get(skewed(products.size())).sku();
  }

  private String discontinuedSku() {
    if (discontinuedSkus.isEmpty()) {
      return "SKU-" + (20_000 + random.nextInt(10_000));
    }
    return "SKU-" + discontinuedSkus.get(random.nextInt(discontinuedSkus.size()));
  }

  private String searchQuery() {
    String status = Catalog.STATUSES.get(random.nextInt(Catalog.STATUSES.size()));
    long customer = Catalog.FIRST_CUSTOMER_ID + skewed(Catalog.CUSTOMERS);
    int limit = new int[] {5, 10, 25, 50}[random.nextInt(4)];
    return switch (random.nextInt(10)) {
      case 0, 1 -> "?customer=" + customer;
      case 2, 3 -> "?status=" + status;
      case 4, 5 -> "?customer=" + customer + "&status=" + status;
      case 6 -> "?status=" + status + "&limit=" + limit;
      case 7 -> "?limit=" + limit;
      case 8 -> "";
      // a client that sends a status the API never had, or a limit it never allowed
      default -> random.nextBoolean() ? "?status=archived" : "?limit=500";
    };
  }

  private String reportDate() {
    double r = random.nextDouble();
    if (r < 0.88) {
      return Catalog.FIRST_DAY.plusDays(random.nextInt(Catalog.DAYS)).toString();
    }
    if (r < 0.96) {
      // a day outside the loaded month: an empty report
      return Catalog.FIRST_DAY.minusDays(1 + random.nextInt(60)).toString();
    }
    return random.nextBoolean() ? "2024-02-30" : "03-05-2024";
  }

  /** An index in [0, n) where low indexes are much more popular, as in real traffic. */
  private int skewed(int n) {
    return (int) (n * Math.pow(random.nextDouble(), 1.8));
  }

  private int weighted(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int pick = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      pick -= weights[i];
      if (pick < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private List<Client> clients() {
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sessions.add(
          "JSESSIONID="
              + HexFormat.of().withUpperCase().formatHex(bytes(16))
              + "; locale=en_US; _ga=GA1.2."
              + (100_000_000 + random.nextInt(900_000_000)));
    }
    return List.of(
        new Client(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/122.0.0.0 Safari/537.36",
            "Bearer " + jwt("backoffice-web"),
            "gzip, deflate, br",
            sessions),
        new Client(
            "OrdersApp/5.12.0 (iPhone; iOS 17.4; Scale/3.00)",
            "Bearer " + jwt("orders-ios"),
            "gzip",
            List.of()),
        new Client(
            "warehouse-sync/2.3.1 (Java/11.0.22)",
            "Bearer sk_live_" + B64.encodeToString(bytes(30)),
            null,
            List.of()),
        new Client(
            "partner-gateway/1.7 (+https://partners.example.com)",
            "Bearer " + jwt("partner-gateway"),
            "gzip;q=1.0, identity;q=0.5",
            List.of()),
        new Client("curl/8.5.0", "Bearer " + jwt("ops-oncall"), null, List.of()));
  }

  private String jwt(String subject) {
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"sub\":\""
            + subject
            + "\",\"scope\":\"orders:read orders:write\",\"iss\":\"https://auth.example.com\","
            + "\"iat\":"
            + (1_709_251_200L + random.nextInt(86_400))
            + "}";
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(bytes(32));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Sku numbers inside the catalogue's range that no product has: discontinued products. */
  private static List<Integer> gaps(List<Product> products) {
    Set<Integer> taken = new HashSet<>();
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (Product p : products) {
      int n = Integer.parseInt(p.sku().substring(4));
      taken.add(n);
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
    List<Integer> gaps = new ArrayList<>();
    for (int n = min; n <= max; n++) {
      if (!taken.contains(n)) {
        gaps.add(n);
      }
    }
    return gaps;
  }
}
