package dev.spotter.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests not replayed, counted by reason and detail (so by method for side effects). */
final class SkipTally {
  private final Map<Preparation.Skip, Long> counts = new LinkedHashMap<>();
  private long total;

  synchronized void count(Preparation.Skip skip) {
    counts.merge(skip, 1L, Long::sum);
    total++;
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
