package dev.spotter.replay;

import dev.spotter.diff.noise.RequestRef;
import dev.spotter.model.Endpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests a check (or a shadow) keeps so that it can ask them again: only those on which the
 * candidate differed (no other can settle an undecided finding), within a count per endpoint and a
 * byte budget, so a large corpus stays bounded in memory. Remembers why a request was not kept.
 * Thread-safe.
 *
 * @param <R> what is kept of a request: whatever its sender needs to send it again
 */
public final class RepeatPool<R> {
  /** Differing requests kept per endpoint: plenty to decide on, and a bound for a huge corpus. */
  static final int MAX_PER_ENDPOINT = 64;

  /** Bytes of kept requests (targets, headers, bodies) in all. */
  static final long MAX_BYTES = 32L * 1024 * 1024;

  private final Map<RequestRef, R> kept = new ConcurrentHashMap<>();
  // why requests were not kept, per endpoint, not per request: a huge corpus whose every request
  // differs must not grow a reason per request
  private final Map<Endpoint, String> refused = new ConcurrentHashMap<>();
  private final Map<Endpoint, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean memorySpent;
  private final int maxPerEndpoint;
  private final long maxBytes;

  public RepeatPool() {
    this(MAX_PER_ENDPOINT, MAX_BYTES);
  }

  RepeatPool(int maxPerEndpoint, long maxBytes) {
    this.maxPerEndpoint = maxPerEndpoint;
    this.maxBytes = maxBytes;
  }

  /** Keeps a request that may be asked again, unless a bound is reached. */
  public void keep(RequestRef ref, R request, long size) {
    AtomicInteger count = perEndpoint.computeIfAbsent(ref.endpoint(), e -> new AtomicInteger());
    if (count.incrementAndGet() > maxPerEndpoint) {
      count.decrementAndGet();
      return;
    }
    if (bytes.addAndGet(size) > maxBytes) {
      bytes.addAndGet(-size);
      count.decrementAndGet();
      memorySpent = true;
      return;
    }
    kept.put(ref, request);
  }

  /** Notes that the requests of an endpoint may not be asked again, and why (its method). */
  public void refuse(RequestRef ref, String why) {
    refused.putIfAbsent(ref.endpoint(), why);
  }

  /** The kept request, or null. */
  public R get(RequestRef ref) {
    return kept.get(ref);
  }

  /** Why a request is not kept: refused, or a bound reached. */
  public String whyNot(RequestRef ref) {
    String why = refused.get(ref.endpoint());
    if (why != null) {
      return why;
    }
    AtomicInteger count = perEndpoint.get(ref.endpoint());
    if (count != null && count.get() >= maxPerEndpoint) {
      return "it was not kept for asking again (only the first "
          + maxPerEndpoint
          + " differing requests of an endpoint are)";
    }
    if (memorySpent) {
      return "it was not kept for asking again (the memory for that was spent)";
    }
    return "it was not kept for asking again";
  }
}
