package dev.spotter.demo;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the users of the {@link LegacyOrdersService} for {@code spotter demo}: sends a realistic
 * mix of requests to one instance and returns what the client saw, ready to be stored as a corpus.
 *
 * <p>The mix, decided by the seed alone (the same seed always sends the same requests, whatever the
 * instance): about a quarter {@code GET /orders/{id}}, then products, customers, a customer's
 * orders, order searches with varying filters and limits, daily CSV reports, health checks, and
 * about one request in sixteen a {@code POST /orders}. Popular ids come up more often; about one id
 * in ten is unknown (three in ten for a customer's orders), a few searches, report dates and orders
 * are invalid. Five kinds of client call: a browser back office (gzip, a session {@code Cookie}), a
 * mobile app (gzip), a warehouse sync job, a partner gateway and an engineer with curl. Every
 * request carries {@code Authorization: Bearer ...} with a secret-looking token, so redaction has
 * something to do. In about 600 requests every endpoint and every {@link PlantedRegression} comes
 * up many times.
 *
 * <p>Each {@link Exchange} holds the request as sent (method, absolute URL, the headers the client
 * set, body) and the response as received (status, headers unchanged, including {@code
 * Content-Encoding: gzip}, and the body decoded), the start time, the duration in microseconds and
 * the source {@value #SOURCE}; ids are {@code demo-1}, {@code demo-2}... in the order of the plan,
 * whatever order the concurrent requests completed in.
 */
public final class TrafficGenerator {
  /** The {@link Exchange#source()} of every generated exchange. */
  public static final String SOURCE = "demo";

  private final int concurrency;
  private final HttpSender sender;

  /**
   * @param concurrency how many requests are in flight at once, 1 to 64
   * @param timeout how long one request may take, connection included
   */
  public TrafficGenerator(int concurrency, Duration timeout) {
    if (concurrency < 1 || concurrency > 64) {
      throw new SpotterException(
          "demo.concurrency_invalid", "concurrency must lie in 1..64: " + concurrency);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new SpotterException(
          "demo.timeout_invalid", "the request timeout must be positive: " + timeout);
    }
    this.concurrency = concurrency;
    this.sender = new HttpSender(timeout);
  }

  /** Four requests in flight, ten seconds each at most. */
  public static TrafficGenerator withDefaults() {
    return new TrafficGenerator(4, Duration.ofSeconds(10));
  }

  /**
   * Sends {@code requests} requests, chosen by {@code seed}, to the service at {@code primary} and
   * returns the exchanges in the order of the plan.
   *
   * @throws SpotterException {@code demo.request_count_invalid} for a count below 1 or above
   *     1,000,000; {@code demo.request_failed} (retryable) when a request gets no answer; {@code
   *     demo.interrupted} when the thread is interrupted
   */
  public List<Exchange> run(URI primary, int requests, long seed) {
    if (requests < 1 || requests > 1_000_000) {
      throw new SpotterException(
          "demo.request_count_invalid",
          "the number of demo requests must lie in 1..1000000: " + requests);
    }
    List<PlannedRequest> plan = TrafficPlan.plan(requests, seed);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, daemonThreads());
    try {
      List<Future<Exchange>> pending = new ArrayList<>(plan.size());
      for (int i = 0; i < plan.size(); i++) {
        String id = "demo-" + (i + 1);
        PlannedRequest request = plan.get(i);
        pending.add(pool.submit(() -> sendOne(id, primary, request)));
      }
      List<Exchange> exchanges = new ArrayList<>(plan.size());
      for (Future<Exchange> f : pending) {
        exchanges.add(f.get());
      }
      return exchanges;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpotterException(
          "demo.interrupted", "demo traffic to " + primary + " was interrupted", true, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SpotterException s) {
        throw s;
      }
      throw new IllegalStateException("demo traffic failed unexpectedly", e.getCause());
    } finally {
      // after a failure the requests still queued are not worth sending
      pool.shutdownNow();
    }
  }

  private Exchange sendOne(String id, URI primary, PlannedRequest request)
      throws InterruptedException {
    try {
      return sender.send(id, primary, request);
    } catch (IOException e) {
      throw new SpotterException(
          "demo.request_failed",
          id
              + ": "
              + request.method()
              + " "
              + primary
              + request.pathAndQuery()
              + " got no answer: "
              + e,
          true,
          e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, "demo-traffic-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
