package dev.spotter.diff.noise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The counts of one (folded path, kind) of one endpoint, accumulated over a run's asks. */
final class PathTally {
  /** Asks where the candidate, the secondary, or both differ from the primary here. */
  long candidate;

  long noise;
  long both;

  /** First asks where the candidate differs here: the sample the value profiles describe. */
  long firstCandidate;

  /**
   * Value changes of the first asks only: the tests on their size and form are exact for a sample
   * fixed in advance, which asking again adaptively would no longer be.
   */
  final ValueProfile candidateProfile = new ValueProfile();

  final ValueProfile noiseProfile = new ValueProfile();
  final List<String> candidateExamples = new ArrayList<>();
  final List<String> noiseExamples = new ArrayList<>();

  /** Ordinals (within the endpoint) of the requests where the candidate differed here. */
  final BitSet candidateRequests = new BitSet();

  /** Of those, the ones where the secondary differed here too on the ask that first showed it. */
  final BitSet shownWithSecondary = new BitSet();

  /**
   * Per request asked again: {asks since the candidate first differed here on it, of them where it
   * differed here again, the ask (1 for the first) on which it first did}. Only requests asked
   * again have an entry, and a check asks a bounded number of them.
   */
  final Map<Integer, long[]> reaskedRequests = new HashMap<>();

  /** Asks of a request after the candidate first differed here on it, and what they showed. */
  long reasks;

  long reaskCandidate;
  long reaskSecondary;
  long reaskBoth;

  /**
   * The distinct values each target showed here on the asks where a difference showed (bounded): a
   * value each copy keeps for itself shows one value per target.
   */
  final DistinctValues primaryValues = new DistinctValues();

  final DistinctValues secondaryValues = new DistinctValues();
  final DistinctValues candidateValues = new DistinctValues();

  /**
   * When the latest request that showed a difference here was sent, and the earliest that showed
   * one of the secondary: enough to tell, whenever the run is judged, whether the differences came
   * after a write that reached some targets only, and whether the old build showed them before it.
   * Only first asks count; a request of unknown time counts as sent after every write.
   */
  Instant lastDifferenceAt;

  Instant firstNoiseAt;
  boolean differenceAtUnknownTime;

  /** Notes when a first ask that showed a difference here (of the secondary or not) was sent. */
  void differedAt(Instant sentAt, boolean secondary) {
    if (sentAt == null) {
      differenceAtUnknownTime = true;
      return;
    }
    if (lastDifferenceAt == null || sentAt.isAfter(lastDifferenceAt)) {
      lastDifferenceAt = sentAt;
    }
    if (secondary && (firstNoiseAt == null || sentAt.isBefore(firstNoiseAt))) {
      firstNoiseAt = sentAt;
    }
  }

  /** How much of this path's verdict rests on asking again. */
  Asked asked() {
    long requests = reaskedRequests.size();
    if (requests == 0) {
      return Asked.NONE;
    }
    long withSecondary = reaskedRequests.keySet().stream().filter(shownWithSecondary::get).count();
    return new Asked(requests, reasks, requests + reaskCandidate, withSecondary + reaskSecondary);
  }
}
