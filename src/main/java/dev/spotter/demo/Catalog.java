package dev.spotter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The legacy orders service's data: customers, products and orders, generated from a fixed seed so
 * that every instance of every build, and the traffic generator, agree on what exists.
 */
final class Catalog {
  /** The seed of the one data set every instance serves. */
  static final long SEED = 19_970_304L;

  static final int CUSTOMERS = 60;
  static final int PRODUCTS = 40;
  static final int ORDERS = 300;
  static final long FIRST_CUSTOMER_ID = 1001;
  static final long FIRST_ORDER_ID = 50001;
  static final List<String> STATUSES =
      List.of("pending", "paid", "shipped", "delivered", "cancelled");

  /** Orders were placed during this month, the period the nightly batch last loaded. */
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);

  static final int DAYS = 31;

  private static final String WORDS = "/dev/spotter/demo/catalog-words.json";

  record Customer(
      long id,
      String name,
      String email,
      String tier,
      LocalDate since,
      String city,
      String country) {}

  record Product(
      String sku,
      String name,
      String category,
      long priceCents,
      int stock,
      List<String> warehouses) {}

  record Line(Product product, int quantity) {
    long cents() {
      return product.priceCents() * quantity;
    }
  }

  record Order(
      long id,
      long customerId,
      String status,
      Instant placedAt,
      List<Line> lines,
      List<String> tags) {
    long totalCents() {
      return lines.stream().mapToLong(Line::cents).sum();
    }

    LocalDate day() {
      return LocalDate.ofInstant(placedAt, ZoneOffset.UTC);
    }
  }

  private final Map<Long, Customer> customers;
  private final Map<String, Product> products;
  private final Map<Long, Order> orders;
  private final List<Order> orderList;

  private Catalog(
      Map<Long, Customer> customers, Map<String, Product> products, Map<Long, Order> orders) {
    this.customers = Collections.unmodifiableMap(customers);
    this.products = Collections.unmodifiableMap(products);
    this.orders = Collections.unmodifiableMap(orders);
    this.orderList = List.copyOf(orders.values());
  }

  /** The data set every instance serves; built once. */
  static Catalog standard() {
    return Standard.INSTANCE;
  }

  private static final class Standard {
    static final Catalog INSTANCE = generate(SEED);
  }

  static Catalog generate(long seed) {
    JsonNode words = readWords();
    Random random = new Random(seed);
    Map<Long, Customer> customers = customers(random, words);
    Map<String, Product> products = products(random, words);
    Map<Long, Order> orders = orders(random, words, new ArrayList<>(products.values()));
    return new Catalog(customers, products, orders);
  }

  Optional<Customer> customer(long id) {
    return Optional.ofNullable(customers.get(id));
  }

  Optional<Product> product(String sku) {
    return Optional.ofNullable(products.get(sku));
  }

  Optional<Order> order(long id) {
    return Optional.ofNullable(orders.get(id));
  }

  /** Every customer, by id. */
  List<Customer> customers() {
    return List.copyOf(customers.values());
  }

  /** Every product, by sku. */
  List<Product> products() {
    return List.copyOf(products.values());
  }

  /** Every order, by id. */
  List<Order> orders() {
    return orderList;
  }

  private static JsonNode readWords() {
    try (InputStream in = Catalog.class.getResourceAsStream(WORDS)) {
      if (in == null) {
        throw new SpotterException(
            "demo.resource_missing",
            "the demo data resource " + WORDS + " is not on the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + WORDS, e);
    }
  }

  private static Map<Long, Customer> customers(Random random, JsonNode words) {
    List<String> first = strings(words.get("firstNames"));
    List<String> last = strings(words.get("lastNames"));
    JsonNode cities = words.get("cities");
    String[] tiers = {"bronze", "bronze", "bronze", "silver", "silver", "gold"};
    Map<Long, Customer> result = new TreeMap<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      long id = FIRST_CUSTOMER_ID + i;
      String firstName = pick(random, first);
      String lastName = pick(random, last);
      JsonNode city = cities.get(random.nextInt(cities.size()));
      String email =
          (firstName + "." + lastName).toLowerCase(Locale.ROOT) + (id % 97) + "@example.com";
      LocalDate since = LocalDate.of(2009, 1, 1).plusDays(random.nextInt(365 * 14));
      result.put(
          id,
          new Customer(
              id,
              firstName + " " + lastName,
              email,
              tiers[random.nextInt(tiers.length)],
              since,
              city.get("city").asText(),
              city.get("country").asText()));
    }
    return result;
  }

  private static Map<String, Product> products(Random random, JsonNode words) {
    List<Long> prices = new ArrayList<>();
    words.get("priceCents").forEach(p -> prices.add(p.asLong()));
    List<String> warehouses = strings(words.get("warehouses"));
    List<String[]> named = new ArrayList<>();
    for (Map.Entry<String, JsonNode> category : words.get("products").properties()) {
      category.getValue().forEach(n -> named.add(new String[] {category.getKey(), n.asText()}));
    }
    Map<String, Product> result = new LinkedHashMap<>();
    int number = 10000;
    for (int i = 0; i < PRODUCTS; i++) {
      // gaps between sku numbers are discontinued products: requests for them get a 404
      number += 1 + random.nextInt(3);
      String[] categoryAndName = named.get(i % named.size());
      List<String> stockedIn = new ArrayList<>(warehouses);
      Collections.shuffle(stockedIn, random);
      stockedIn =
          List.copyOf(stockedIn.subList(0, 1 + random.nextInt(4)).stream().sorted().toList());
      String sku = "SKU-" + number;
      result.put(
          sku,
          new Product(
              sku,
              categoryAndName[1],
              categoryAndName[0],
              pick(random, prices),
              random.nextInt(400),
              stockedIn));
    }
    return result;
  }

  private static Map<Long, Order> orders(Random random, JsonNode words, List<Product> products) {
    List<String> tags = strings(words.get("tags"));
    String[] weightedStatuses = {
      "pending",
      "paid",
      "paid",
      "shipped",
      "shipped",
      "delivered",
      "delivered",
      "delivered",
      "cancelled"
    };
    Instant start = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<Long, Order> result = new TreeMap<>();
    for (int i = 0; i < ORDERS; i++) {
      long id = FIRST_ORDER_ID + i;
      long customerId = FIRST_CUSTOMER_ID + random.nextInt(CUSTOMERS);
      Instant placedAt =
          start
              .plus(random.nextInt(DAYS * 24 * 60), ChronoUnit.MINUTES)
              .plusSeconds(random.nextInt(60));
      List<Product> shuffled = new ArrayList<>(products);
      Collections.shuffle(shuffled, random);
      int lineCount = 1 + random.nextInt(5);
      List<Line> lines = new ArrayList<>();
      for (int l = 0; l < lineCount; l++) {
        lines.add(new Line(shuffled.get(l), 1 + random.nextInt(4)));
      }
      List<String> orderTags = new ArrayList<>(tags);
      Collections.shuffle(orderTags, random);
      orderTags = List.copyOf(orderTags.subList(0, random.nextInt(4)));
      result.put(
          id,
          new Order(
              id,
              customerId,
              weightedStatuses[random.nextInt(weightedStatuses.length)],
              placedAt,
              List.copyOf(lines),
              orderTags));
    }
    return result;
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
