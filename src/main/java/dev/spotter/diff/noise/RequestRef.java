package dev.spotter.diff.noise;

import dev.spotter.model.Endpoint;
import java.util.Objects;

/**
 * One request of a run, as the collector knows it: its endpoint and its place among that endpoint's
 * requests. What the replay names when it asks the same request again.
 */
public record RequestRef(Endpoint endpoint, int ordinal) {
  public RequestRef {
    Objects.requireNonNull(endpoint, "endpoint");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must not be negative: " + ordinal);
    }
  }
}
