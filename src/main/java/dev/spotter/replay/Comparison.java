package dev.spotter.replay;

import dev.spotter.diff.Difference;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpResponseData;
import java.util.List;

/**
 * What the engine asks of the diff package, as one seam: group a request, diff two answers, count
 * the differences, report. Production uses {@link #of}; engine tests supply a small stand-in so the
 * mechanics of replay are proven on their own. Must be safe to call from several threads.
 */
interface Comparison {
  Endpoint endpointOf(String method, String path);

  List<Difference> diff(Endpoint endpoint, HttpResponseData primary, HttpResponseData other);

  /**
   * The secondary's and the candidate's differences from the primary. Implementations may parse the
   * primary's answer once for both.
   *
   * @param candidate the candidate's answer, or null when it gave none
   */
  default Diffs diffBoth(
      Endpoint endpoint,
      HttpResponseData primary,
      HttpResponseData secondary,
      HttpResponseData candidate) {
    return new Diffs(
        diff(endpoint, primary, secondary),
        candidate == null ? null : diff(endpoint, primary, candidate));
  }

  /**
   * Differences from the primary.
   *
   * @param noise the secondary's
   * @param changes the candidate's, or null when the candidate gave no answer
   */
  record Diffs(List<Difference> noise, List<Difference> changes) {}

  /** Returns true when the exchange should be kept as an example. */
  boolean record(
      Endpoint endpoint, String exchangeId, List<Difference> candidate, List<Difference> noise);

  List<EndpointReport> report();

  static Comparison of(ResponseDiffer differ, EndpointGrouper grouper, FindingCollector collector) {
    return new Comparison() {
      @Override
      public Endpoint endpointOf(String method, String path) {
        return grouper.endpointOf(method, path);
      }

      @Override
      public List<Difference> diff(
          Endpoint endpoint, HttpResponseData primary, HttpResponseData other) {
        return differ.diff(endpoint, primary, other);
      }

      @Override
      public Diffs diffBoth(
          Endpoint endpoint,
          HttpResponseData primary,
          HttpResponseData secondary,
          HttpResponseData candidate) {
        ResponseDiffer.Prepared p = differ.prepare(primary);
        return new Diffs(
            differ.diff(endpoint, p, differ.prepare(secondary)),
            candidate == null ? null : differ.diff(endpoint, p, differ.prepare(candidate)));
      }

      @Override
      public boolean record(
          Endpoint endpoint,
          String exchangeId,
          List<Difference> candidate,
          List<Difference> noise) {
        return collector.record(endpoint, exchangeId, candidate, noise);
      }

      @Override
      public List<EndpointReport> report() {
        return collector.report();
      }
    };
  }
}
