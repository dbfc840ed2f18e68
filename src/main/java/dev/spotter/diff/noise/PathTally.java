package dev.spotter.diff.noise;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The counts of one (folded path, kind) of one endpoint, accumulated over a run. */
final class PathTally {
  long candidate;
  long noise;
  long both;
  final ValueProfile candidateProfile = new ValueProfile();
  final ValueProfile noiseProfile = new ValueProfile();
  final List<String> candidateExamples = new ArrayList<>();
  final List<String> noiseExamples = new ArrayList<>();

  /** Ordinals (within the endpoint) of the requests where the candidate differed here. */
  final BitSet candidateRequests = new BitSet();
}
