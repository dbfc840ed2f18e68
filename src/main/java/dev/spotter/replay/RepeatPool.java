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
  private final Map<RequestRef, String> refused = new ConcurrentHashMap<>();
  private final Map<Endpoint, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
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
      refused.put(
          ref,
          "it was not kept for asking again (only the first "
              + maxPerEndpoint
              + " differing requests of an endpoint are)");
      return;
    }
    if (bytes.addAndGet(size) > maxBytes) {
      bytes.addAndGet(-size);
      count.decrementAndGet();
      refused.put(ref, "it was not kept for asking again (the check's memory for that is spent)");
      return;
    }
    kept.put(ref, request);
  }

  /** Notes that a request may not be asked again, and why. */
  public void refuse(RequestRef ref, String why) {
    refused.put(ref, why);
  }

  /** The kept request, or null. */
  public R get(RequestRef ref) {
    return kept.get(ref);
  }

  /** Why a request is not kept: refused, or never seen differing. */
  public String whyNot(RequestRef ref) {
    return refused.getOrDefault(ref, "it was not kept for asking again");
  }
}
