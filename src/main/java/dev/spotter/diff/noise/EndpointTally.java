package dev.spotter.diff.noise;

import dev.spotter.diff.Difference.FindingKey;
import dev.spotter.model.Endpoint;
import java.util.HashMap;
import java.util.Map;

/** The counts of one endpoint, accumulated over a run. */
final class EndpointTally {
  final Endpoint endpoint;
  long requests;
  long differing;
  final Map<FindingKey, PathTally> paths = new HashMap<>();

  EndpointTally(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  PathTally path(FindingKey key) {
    return paths.computeIfAbsent(key, k -> new PathTally());
  }
}
