package dev.spotter.incident;

import java.util.Objects;

/**
 * Whether the candidate met a guard's expectation, with one sentence saying why, written for the
 * engineer who reads it at the end of a failed check.
 */
public record GuardCheckOutcome(boolean passed, String reason) {
  public GuardCheckOutcome {
    Objects.requireNonNull(reason, "reason");
  }

  static GuardCheckOutcome pass(String reason) {
    return new GuardCheckOutcome(true, reason);
  }

  static GuardCheckOutcome fail(String reason) {
    return new GuardCheckOutcome(false, reason);
  }
}
