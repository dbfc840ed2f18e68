package dev.spotter.replay;

import dev.spotter.diff.Difference;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.TargetOrigin;
import dev.spotter.diff.noise.DriftingWrite;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.diff.noise.RunFindings;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpResponseData;
import java.time.Instant;
import java.util.List;

/**
 * What the engine asks of the diff package, as one seam: group a request, diff two answers, count
 * the differences (of a first ask, or of a request asked again), judge. Production uses {@link
 * #of}; engine tests supply a small stand-in so the mechanics of replay are proven on their own.
 * Must be safe to call from several threads.
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
   * The differences of {@code other} from {@code primary}, each read under the origin it answered
   * under. Stand-ins that know nothing of origins compare the answers as they are.
   */
  default List<Difference> diff(
      Endpoint endpoint,
      HttpResponseData primary,
      TargetOrigin primaryOrigin,
      HttpResponseData other,
      TargetOrigin otherOrigin) {
    return diff(endpoint, primary, other);
  }

  /**
   * As {@link #diffBoth(Endpoint, HttpResponseData, HttpResponseData, HttpResponseData)}, each
   * answer read under its own origin.
   */
  default Diffs diffBoth(
      Endpoint endpoint,
      Origins origins,
      HttpResponseData primary,
      HttpResponseData secondary,
      HttpResponseData candidate) {
    return diffBoth(endpoint, primary, secondary, candidate);
  }

  /** The origin each target answered one request under. */
  record Origins(TargetOrigin primary, TargetOrigin secondary, TargetOrigin candidate) {
    static final Origins NONE =
        new Origins(TargetOrigin.NONE, TargetOrigin.NONE, TargetOrigin.NONE);
  }

  /**
   * Differences from the primary.
   *
   * @param noise the secondary's
   * @param changes the candidate's, or null when the candidate gave no answer
   */
  record Diffs(List<Difference> noise, List<Difference> changes) {}

  /**
   * Counts a first ask; says whether to keep it as an example, and how to name it again.
   *
   * @param sentAt when it was sent, or null when unknown (then it counts as sent after every write
   *     that drifted)
   */
  FindingCollector.Recorded record(
      Endpoint endpoint,
      String exchangeId,
      List<Difference> candidate,
      List<Difference> noise,
      Instant sentAt);

  /** Notes a write that reached some targets and not the others. */
  default void writeDrifted(DriftingWrite write) {
    writeDrifted(write, 1);
  }

  /** Notes {@code times} writes like {@code write}, the earliest of which is {@code write}. */
  void writeDrifted(DriftingWrite write, long times);

  /** Counts one more ask of a request recorded before. */
  void recordRepeat(RequestRef request, List<Difference> candidate, List<Difference> noise);

  /** Judges everything counted so far. */
  RunFindings judge();

  /** Notes why a request is not asked again (any more). */
  void notAskedAgain(RequestRef request, String why);

  /** Notes why the run asks nothing more. */
  void askingEnded(String why);

  /** How many more times a request was asked, beyond its first. */
  int repeatsOf(RequestRef request);

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
        return diffBoth(endpoint, Origins.NONE, primary, secondary, candidate);
      }

      @Override
      public List<Difference> diff(
          Endpoint endpoint,
          HttpResponseData primary,
          TargetOrigin primaryOrigin,
          HttpResponseData other,
          TargetOrigin otherOrigin) {
        return differ.diff(
            endpoint, differ.prepare(primary, primaryOrigin), differ.prepare(other, otherOrigin));
      }

      @Override
      public Diffs diffBoth(
          Endpoint endpoint,
          Origins origins,
          HttpResponseData primary,
          HttpResponseData secondary,
          HttpResponseData candidate) {
        ResponseDiffer.Prepared p = differ.prepare(primary, origins.primary());
        return new Diffs(
            differ.diff(endpoint, p, differ.prepare(secondary, origins.secondary())),
            candidate == null
                ? null
                : differ.diff(endpoint, p, differ.prepare(candidate, origins.candidate())));
      }

      @Override
      public FindingCollector.Recorded record(
          Endpoint endpoint,
          String exchangeId,
          List<Difference> candidate,
          List<Difference> noise,
          Instant sentAt) {
        return collector.record(endpoint, exchangeId, candidate, noise, sentAt);
      }

      @Override
      public void writeDrifted(DriftingWrite write, long times) {
        collector.writeDrifted(write, times);
      }

      @Override
      public void recordRepeat(
          RequestRef request, List<Difference> candidate, List<Difference> noise) {
        collector.recordRepeat(request, candidate, noise);
      }

      @Override
      public RunFindings judge() {
        return collector.judge();
      }

      @Override
      public void notAskedAgain(RequestRef request, String why) {
        collector.notAskedAgain(request, why);
      }

      @Override
      public void askingEnded(String why) {
        collector.askingEnded(why);
      }

      @Override
      public int repeatsOf(RequestRef request) {
        return collector.repeatsOf(request);
      }
    };
  }
}
