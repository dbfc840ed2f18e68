package dev.spotter.diff.noise;

import dev.spotter.diff.Difference;
import dev.spotter.model.Endpoint;
import java.util.List;

/**
 * Counts, per endpoint and per (folded path, kind), how often the candidate and the secondary
 * differ from the primary, and judges each at the end. Safe to call from several threads.
 */
public final class FindingCollector {
  private final NoiseSettings settings;

  public FindingCollector(NoiseSettings settings) {
    this.settings = settings;
  }

  /**
   * Records one compared request.
   *
   * @return true when the exchange was kept as an example of some finding; the caller then keeps
   *     its request and responses for the report
   */
  public boolean record(
      Endpoint endpoint,
      String exchangeId,
      List<Difference> candidateDiffs,
      List<Difference> noiseDiffs) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The judged findings of every endpoint seen, endpoints with regressions first. */
  public List<EndpointReport> report() {
    throw new UnsupportedOperationException("not yet");
  }

  NoiseSettings settings() {
    return settings;
  }
}
