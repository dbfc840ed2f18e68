package dev.spotter.diff.noise;

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
