package dev.spotter.replay;

import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests not replayed, counted by reason and detail (so by method for side effects), and by
 * endpoint where the caller knows it.
 */
final class SkipTally {
  private final Map<Preparation.Skip, Long> counts = new LinkedHashMap<>();
  private final Map<Endpoint, long[]> byEndpoint = new LinkedHashMap<>();
  private final Map<Endpoint, String> detailOf = new LinkedHashMap<>();
  private long total;

  synchronized void count(Preparation.Skip skip) {
    counts.merge(skip, 1L, Long::sum);
    total++;
  }

  /** Counts a skipped request of a known endpoint. */
  synchronized void count(Preparation.Skip skip, Endpoint endpoint) {
    count(skip);
    if (endpoint != null) {
      byEndpoint.computeIfAbsent(endpoint, e -> new long[1])[0]++;
      detailOf.putIfAbsent(endpoint, skip.detail());
    }
  }

  /** Endpoints all of whose requests were skipped: those not among {@code compared}. */
  synchronized List<NotCovered> notCovered(Set<Endpoint> compared) {
    List<NotCovered> list = new ArrayList<>();
    byEndpoint.forEach(
        (endpoint, n) -> {
          if (!compared.contains(endpoint)) {
            list.add(new NotCovered(endpoint, n[0], detailOf.get(endpoint)));
          }
        });
    list.sort((a, b) -> Long.compare(b.requests(), a.requests()));
    return list;
  }

  synchronized long total() {
    return total;
  }

  /** Most frequent first. */
  synchronized List<SkipCount> counts() {
    List<SkipCount> list = new ArrayList<>(counts.size());
    counts.forEach((skip, n) -> list.add(new SkipCount(skip.reason(), skip.detail(), n)));
    list.sort((a, b) -> Long.compare(b.count(), a.count()));
    return list;
  }
}
