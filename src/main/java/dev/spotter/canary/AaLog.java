package dev.spotter.canary;

import dev.spotter.canary.judge.AaObservation;
import java.util.ArrayList;
import java.util.List;

/**
 * In A/A mode, every judged request with its user's hash, step and look, so that the run can be
 * re-split many times afterwards to estimate how often the judge raises a false alarm on this
 * service's real traffic. Bounded: past {@link #CAPACITY} observations new ones are counted and
 * dropped (the estimate then covers the start of the run).
 */
final class AaLog {
  static final int CAPACITY = 250_000;

  private final List<AaObservation> observations = new ArrayList<>();
  private volatile int step;
  private volatile int look;
  private long dropped;

  void at(int stepIndex, int lookIndex) {
    step = stepIndex;
    look = lookIndex;
  }

  synchronized void add(long key, double latencyMs, boolean error) {
    if (observations.size() >= CAPACITY) {
      dropped++;
      return;
    }
    observations.add(new AaObservation(key, step, look, latencyMs, error));
  }

  synchronized List<AaObservation> snapshot() {
    return List.copyOf(observations);
  }

  synchronized long dropped() {
    return dropped;
  }
}
