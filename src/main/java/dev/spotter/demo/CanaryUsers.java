package dev.spotter.demo;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * Users of the sample service for the canary demo: the demo's traffic plan sent round and round
 * through a proxy, each request from one of many users named in {@value #USER_HEADER} (the sample
 * service's clients are few; a canary needs many users to split). Bounded in time, it stops by
 * itself; {@link #close} stops it sooner.
 */
public final class CanaryUsers implements AutoCloseable {
  /** The header that says which user sent a request: the canary's routing key in the demo. */
  public static final String USER_HEADER = "X-Demo-User";

  private final List<Thread> threads = new ArrayList<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder unanswered = new LongAdder();
  private final long deadlineNanos;
  private volatile boolean stopped;

  /**
   * @param proxy where requests go (the canary's proxy)
   * @param concurrency requests in flight at once
   * @param users how many different users send them
   * @param maxTime the longest it runs
   */
  public CanaryUsers(URI proxy, int concurrency, int users, long seed, Duration maxTime) {
    this.deadlineNanos = System.nanoTime() + maxTime.toNanos();
    List<PlannedRequest> plan = TrafficPlan.plan(2000, seed);
    for (int i = 0; i < concurrency; i++) {
      Random random = new Random(seed * 31 + i);
      HttpSender sender = new HttpSender(Duration.ofSeconds(10));
      Thread t = new Thread(() -> send(sender, proxy, plan, users, random), "demo-user-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  public CanaryUsers start() {
    threads.forEach(Thread::start);
    return this;
  }

  private void send(
      HttpSender sender, URI proxy, List<PlannedRequest> plan, int users, Random random) {
    while (!stopped && System.nanoTime() < deadlineNanos) {
      PlannedRequest planned = plan.get(random.nextInt(plan.size()));
      List<Header> headers = new ArrayList<>(planned.headers().entries());
      headers.add(new Header(USER_HEADER, "user-" + random.nextInt(users)));
      PlannedRequest asUser =
          new PlannedRequest(
              planned.method(), planned.pathAndQuery(), new Headers(headers), planned.body());
      try {
        sender.send("canary-demo", proxy, asUser);
      } catch (IOException e) {
        unanswered.increment();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sent.increment();
    }
  }

  /** Requests sent so far. */
  public long sent() {
    return sent.sum();
  }

  /** Requests that got no answer at all. */
  public long unanswered() {
    return unanswered.sum();
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) {
      try {
        t.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
