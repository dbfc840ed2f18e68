package dev.spotter.diff.noise;

import dev.spotter.diff.Difference.FindingKey;
import dev.spotter.model.Endpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The counts of one endpoint, accumulated over a run. */
final class EndpointTally {
  final Endpoint endpoint;

  /** Requests, each counted once. */
  long requests;

  /** Asks: requests plus every time one was asked again. */
  long asks;

  /** Requests where the candidate differed anywhere on the first ask. */
  long differing;

  /**
   * Asks where the candidate differs at more (path, kind) keys than the secondary does, and the
   * reverse: the endpoint's own sign test, which sees a change wherever on the endpoint it shows.
   */
  long candidateAhead;

  long secondaryAhead;

  final Map<FindingKey, PathTally> paths = new HashMap<>();

  /** Extra asks per request ordinal. */
  final Map<Integer, Integer> repeats = new HashMap<>();

  /** Why a request could not be asked again, by ordinal, as the replay said. */
  final Map<Integer, String> notAskedAgain = new TreeMap<>();

  EndpointTally(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  PathTally path(FindingKey key) {
    return paths.computeIfAbsent(key, k -> new PathTally());
  }

  long totalRepeats() {
    return repeats.values().stream().mapToLong(Integer::longValue).sum();
  }
}
