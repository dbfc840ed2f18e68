package dev.spotter.canary;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Users sending requests through a canary proxy on loopback: each request carries one of {@code
 * users} user ids in {@code X-User}. Bounded in time and count, it stops by itself; counts what
 * clients saw, so a test can assert that no client met an error it should not have.
 */
public final class UserTraffic implements AutoCloseable {
  private final Thread[] threads;
  private final LongAdder sent = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder transportErrors = new LongAdder();
  private final AtomicLong remaining;
  private final long deadlineNanos;
  private volatile boolean stopped;
  private volatile long pauseMillis;

  /**
   * @param concurrency clients sending at once, each one request at a time
   * @param pauseMillis a pause after each request, to make traffic thin
   * @param maxRequests the most it ever sends
   * @param maxTime the longest it ever runs
   */
  public UserTraffic(
      InetSocketAddress proxy,
      int concurrency,
      int users,
      long pauseMillis,
      long maxRequests,
      Duration maxTime,
      long seed) {
    this.remaining = new AtomicLong(maxRequests);
    this.deadlineNanos = System.nanoTime() + maxTime.toNanos();
    this.pauseMillis = pauseMillis;
    this.threads = new Thread[concurrency];
    for (int i = 0; i < concurrency; i++) {
      Random random = new Random(seed + i);
      threads[i] = new Thread(() -> send(proxy, users, random), "user-traffic-" + i);
      threads[i].setDaemon(true);
    }
  }

  public UserTraffic start() {
    for (Thread t : threads) {
      t.start();
    }
    return this;
  }

  private void send(InetSocketAddress proxy, int users, Random random) {
    while (!stopped && System.nanoTime() < deadlineNanos && remaining.decrementAndGet() >= 0) {
      int user = random.nextInt(users);
      try {
        URL url =
            new URL("http://127.0.0.1:" + proxy.getPort() + "/orders/" + random.nextInt(1000));
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(20_000);
        c.setRequestProperty("X-User", "user-" + user);
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
          if (in != null) {
            in.readAllBytes(); // read to the end so the connection is kept alive
          }
        }
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
      } catch (IOException e) {
        transportErrors.increment();
      }
      sent.increment();
      long pause = pauseMillis;
      if (pause > 0) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  public void pauseMillis(long millis) {
    this.pauseMillis = millis;
  }

  public long sent() {
    return sent.sum();
  }

  /** Answers with this status that clients got. */
  public long status(int status) {
    LongAdder a = statuses.get(status);
    return a == null ? 0 : a.sum();
  }

  /** Requests that got no HTTP answer at all. */
  public long transportErrors() {
    return transportErrors.sum();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(30_000);
    }
  }
}
