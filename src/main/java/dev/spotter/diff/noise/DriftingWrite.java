package dev.spotter.diff.noise;

import dev.spotter.model.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A write that reached some targets and not the others (not mirrored by policy, failed on one, or
 * refused by one and taken by another): from then on the targets' states may differ, and so may
 * what they answer to reads.
 *
 * @param endpoint the write's endpoint; the reports name the write by it, never by its raw target,
 *     which may carry a credential (a token in a path segment)
 * @param at when it was sent: reads sent from then on may see the drift
 * @param reached the roles that took it ({@code primary}, {@code secondary}, {@code candidate}), in
 *     that order; never all of them
 * @param detail why the others did not, in the user's terms ("not mirrored without
 *     --allow-side-effects", "the secondary answered 500")
 */
public record DriftingWrite(Endpoint endpoint, Instant at, List<String> reached, String detail) {
  public DriftingWrite {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(at, "at");
    reached = List.copyOf(reached);
    if (reached.size() >= 3) {
      throw new IllegalArgumentException("a write every target took does not drift: " + reached);
    }
  }

  /** "the primary", "the primary and the candidate", "no target". */
  public String reachedText() {
    if (reached.isEmpty()) {
      return "no target";
    }
    return "the " + String.join(" and the ", reached);
  }

  /** "POST /posts", "PUT /packages/{name}". */
  public String request() {
    return endpoint.toString();
  }
}
