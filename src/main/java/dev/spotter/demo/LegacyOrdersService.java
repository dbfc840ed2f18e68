package dev.spotter.demo;

import com.sun.net.httpserver.HttpServer;
import dev.spotter.model.Endpoint;
import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.math.RoundingMode;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample service of {@code spotter demo}: the JSON API of an order system somebody else wrote
 * years ago, in two builds. {@link Build#OLD} is what runs in production; {@link Build#NEW} is the
 * same code with four planted regressions. A running instance is a real HTTP/1.1 server on
 * 127.0.0.1; close it to stop it.
 *
 * <h2>Data</h2>
 *
 * Generated from a fixed seed, so every instance of every build serves the same data: 60 customers
 * (ids 1001 to 1060), 40 products (skus from {@code SKU-10001} upwards, with gaps: a sku in a gap
 * is a discontinued product and answers 404), and 300 orders (ids 50001 to 50300) placed in March
 * 2024, each with one to five items. Amounts are in USD.
 *
 * <h2>Endpoints</h2>
 *
 * Every endpoint but {@code /health} wants {@code Authorization: Bearer <token>} (any token;
 * without one: 401). JSON bodies carry {@code servedAt} and {@code requestId}; errors are {@code
 * {"error": code, "message": ..., "servedAt": ..., "requestId": ...}}.
 *
 * <ul>
 *   <li>{@code GET /orders/{id}}: one order with its items ({@code sku, name, quantity, unitPrice,
 *       lineTotal}), {@code total}, {@code taxRate}, {@code tax} and {@code tags}. Unknown id: 404.
 *   <li>{@code GET /orders?customer=&status=&limit=}: order summaries by ascending id, filtered by
 *       customer and status ({@code pending, paid, shipped, delivered, cancelled}), at most {@code
 *       limit} (1 to 100, default 20), with {@code count} and {@code matching}. A bad filter: 400.
 *       Gzipped for clients that accept gzip.
 *   <li>{@code POST /orders} with {@code {"customerId": 1001, "items": [{"sku": "SKU-10001",
 *       "quantity": 2}]}}: the side effect. The order joins the intake queue of the nightly batch
 *       and the answer is 202 with {@code intakeId}, the priced items, the {@code total} and a
 *       {@code Location}. Listings and reports show what the last batch loaded, so they do not
 *       change. Not JSON: 400; unknown customer or sku, or a quantity below 1: 422.
 *   <li>{@code GET /customers/{id}}: name, {@code email}, tier, {@code customerSince} and address.
 *       Unknown id: 404.
 *   <li>{@code GET /customers/{id}/orders}: the customer's order summaries. Unknown customer: 404.
 *       Gzipped for clients that accept gzip.
 *   <li>{@code GET /products/{sku}}: name, category, {@code price} (a number), stock and {@code
 *       warehouses}, with an {@code X-Cache: HIT|MISS} header. Unknown sku: 404.
 *   <li>{@code GET /reports/daily/{date}}: a CSV report ({@code text/csv}) of the orders placed on
 *       that day ({@code order_id,customer_id,status,items,total}); a day without orders gives the
 *       header line alone, a date not written YYYY-MM-DD a 400. Gzipped for clients that accept
 *       gzip.
 *   <li>{@code GET /health}: {@code status}, {@code uptimeMs} and a database check with its {@code
 *       latencyMs}; needs no token.
 * </ul>
 *
 * Another method on a known path gets 405 with {@code Allow}; an unknown path 404. Every answer
 * closes its connection ({@code Connection: close}), as many old services behind a load balancer
 * do.
 *
 * <h2>Nondeterminism (both builds)</h2>
 *
 * Two instances of the same build, or two calls to the same instance, differ in: the {@code Date}
 * header; {@code X-Request-Id} and {@code requestId} (UUIDs); {@code servedAt}; {@code tags} and
 * {@code warehouses}, which come out of sets in random order; {@code total} in orders and listings,
 * doubles summed in random order (59.97 one time, 59.970000000000006 the next); {@code X-Cache};
 * {@code uptimeMs} and {@code latencyMs} in {@code /health}; {@code intakeId} and {@code Location}
 * of an accepted order; and {@code Content-Length}, which follows. {@link NoisePath#all()} lists
 * them as folded paths.
 *
 * <h2>Planted regressions (NEW build only)</h2>
 *
 * <ul>
 *   <li>A renamed field: {@code GET /customers/{id}} says {@code emailAddress} instead of {@code
 *       email}.
 *   <li>A number turned into a string: {@code GET /products/{sku}} sends {@code "price": "12.50"}
 *       instead of {@code "price": 12.5}.
 *   <li>A changed status code: {@code GET /customers/{id}/orders} for an unknown customer answers
 *       500 instead of 404, with the same body.
 *   <li>A rounding change on one path: {@code tax} in {@code GET /orders/{id}} is truncated to
 *       cents instead of rounded half-up, one cent lower on about half of the orders.
 * </ul>
 *
 * Nothing else differs. {@link PlantedRegression#all()} lists them as Spotter reports them.
 */
public final class LegacyOrdersService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyOrdersService.class);
  private static final int WORKER_THREADS = 8;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Every endpoint of the service, as Spotter groups requests when given these as patterns. */
  public static final List<Endpoint> ENDPOINTS =
      Arrays.stream(Route.values()).map(Route::endpoint).toList();

  /** Which build of the service to run. */
  public enum Build {
    /** The build in production. */
    OLD("email", false, 404, RoundingMode.HALF_UP),
    /** The old build plus the planted regressions of {@link PlantedRegression#all()}. */
    NEW("emailAddress", true, 500, RoundingMode.DOWN);

    private final String emailField;
    private final boolean priceAsText;
    private final int unknownCustomerOrdersStatus;
    private final RoundingMode taxRounding;

    Build(
        String emailField,
        boolean priceAsText,
        int unknownCustomerOrdersStatus,
        RoundingMode taxRounding) {
      this.emailField = emailField;
      this.priceAsText = priceAsText;
      this.unknownCustomerOrdersStatus = unknownCustomerOrdersStatus;
      this.taxRounding = taxRounding;
    }

    String emailField() {
      return emailField;
    }

    boolean priceAsText() {
      return priceAsText;
    }

    int unknownCustomerOrdersStatus() {
      return unknownCustomerOrdersStatus;
    }

    RoundingMode taxRounding() {
      return taxRounding;
    }
  }

  private final Build build;
  private final HttpServer server;
  private final ExecutorService workers;
  private final OrdersApi api;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LegacyOrdersService(
      Build build, HttpServer server, ExecutorService workers, OrdersApi api) {
    this.build = build;
    this.server = server;
    this.workers = workers;
    this.api = api;
    this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Starts an instance of the given build on 127.0.0.1.
   *
   * @param port the port to listen on, or 0 for a free one
   * @throws SpotterException {@code demo.port_unavailable} when the port cannot be bound, {@code
   *     demo.port_invalid} when it is not a port number
   */
  public static LegacyOrdersService start(Build build, int port) {
    if (port < 0 || port > 65_535) {
      throw new SpotterException(
          "demo.port_invalid", "the legacy orders service cannot listen on port " + port);
    }
    OrdersApi api = new OrdersApi(build, Catalog.standard());
    HttpServer server;
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    } catch (BindException e) {
      throw new SpotterException(
          "demo.port_unavailable",
          "the legacy orders service ("
              + build
              + " build) cannot listen on 127.0.0.1:"
              + port
              + ": "
              + e.getMessage(),
          true,
          e);
    } catch (IOException e) {
      throw new SpotterException(
          "demo.start_failed",
          "the legacy orders service (" + build + " build) did not start: " + e.getMessage(),
          true,
          e);
    }
    ExecutorService workers =
        Executors.newFixedThreadPool(
            WORKER_THREADS,
            daemonThreads("legacy-orders-" + build.name().toLowerCase(Locale.ROOT)));
    server.setExecutor(workers);
    server.createContext("/", new HttpFront(api));
    server.start();
    LegacyOrdersService service = new LegacyOrdersService(build, server, workers, api);
    LOG.debug("legacy orders service, {} build, listening on {}", build, service.baseUri);
    return service;
  }

  /**
   * The endpoint a request falls under, matched the way the service routes it: {@code GET
   * /products/SKU-10042} is {@code GET /products/{sku}}. Empty for requests the service has no
   * route for.
   */
  public static Optional<Endpoint> endpointOf(String method, String path) {
    Route.Lookup lookup = Route.lookup(method.toUpperCase(Locale.ROOT), path);
    return lookup instanceof Route.Lookup.Found found
        ? Optional.of(found.match().route().endpoint())
        : Optional.empty();
  }

  /** The URL the instance answers on, such as {@code http://127.0.0.1:41234}, without a slash. */
  public URI baseUri() {
    return baseUri;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public Build build() {
    return build;
  }

  /** How many orders this instance has accepted through {@code POST /orders}: its side effects. */
  public int ordersAccepted() {
    return api.ordersAccepted();
  }

  /** Stops listening and ends the worker threads; calling it again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      workers.shutdownNow();
      LOG.debug("legacy orders service, {} build, on {} stopped", build, baseUri);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + instance + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
