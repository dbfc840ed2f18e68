package dev.spotter.incident;

import dev.spotter.diff.Difference;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.TargetOrigin;
import dev.spotter.diff.ValueChange;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpResponseData;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether the candidate's answer to a guard's request meets the guard's {@link
 * Expectation}, and says why in one sentence. Pure and thread-safe: the caller sends the request
 * (to the primary too when {@link Expectation#needsPrimary()}) and hands over the answers.
 */
public final class GuardCheck {
  /** Relative numeric differences below this are floating-point rounding. */
  static final double ROUNDING = 1e-9;

  private final ResponseDiffer differ;

  /**
   * @param differ the diff of the check, with its settings: what they ignore, {@code same} ignores
   */
  public GuardCheck(ResponseDiffer differ) {
    this.differ = Objects.requireNonNull(differ, "differ");
  }

  /**
   * Checks one answer.
   *
   * @param expectation what the guard demands
   * @param endpoint the endpoint of the guard's request, for the diff's endpoint-specific rules
   * @param candidate the candidate's answer, or null when it gave none (timeout, refused, reset)
   * @param primaryOrNull the primary's answer; needed only by {@code same}
   */
  public GuardCheckOutcome check(
      Expectation expectation,
      Endpoint endpoint,
      HttpResponseData candidate,
      HttpResponseData primaryOrNull) {
    return check(expectation, endpoint, candidate, primaryOrNull, null);
  }

  /**
   * Checks one answer, telling noise from change for {@code same} as a check does: where the
   * primary and a second copy of the old build (the secondary) already disagree, a difference of
   * the candidate is noise (a timestamp, a generated id), not a change.
   *
   * @param secondaryOrNull the secondary's answer to the same request, or null
   */
  public GuardCheckOutcome check(
      Expectation expectation,
      Endpoint endpoint,
      HttpResponseData candidate,
      HttpResponseData primaryOrNull,
      HttpResponseData secondaryOrNull) {
    return check(expectation, endpoint, candidate, primaryOrNull, secondaryOrNull, Origins.NONE);
  }

  /**
   * The origin each target answered a guard's request under: {@code same} reads each answer's own
   * as a placeholder, as a check does, so URLs built from the Host compare by what they point at.
   */
  public record Origins(TargetOrigin candidate, TargetOrigin primary, TargetOrigin secondary) {
    public static final Origins NONE =
        new Origins(TargetOrigin.NONE, TargetOrigin.NONE, TargetOrigin.NONE);
  }

  /** Checks one answer, as above, each answer read under the origin it came from. */
  public GuardCheckOutcome check(
      Expectation expectation,
      Endpoint endpoint,
      HttpResponseData candidate,
      HttpResponseData primaryOrNull,
      HttpResponseData secondaryOrNull,
      Origins origins) {
    Objects.requireNonNull(expectation, "expectation");
    Objects.requireNonNull(endpoint, "endpoint");
    if (candidate == null) {
      return GuardCheckOutcome.fail("The candidate gave no answer.");
    }
    if (expectation instanceof Expectation.Same) {
      return same(endpoint, candidate, primaryOrNull, secondaryOrNull, origins);
    }
    if (expectation instanceof Expectation.StatusIn status) {
      return status(status, candidate.status());
    }
    GuardCheckBody.Decoded decoded = GuardCheckBody.decode(candidate, "candidate");
    JsonPath path = pathOf(expectation);
    if (decoded instanceof GuardCheckBody.Decoded.Corrupt corrupt) {
      return cannotRead(corrupt.clause(), path);
    }
    GuardCheckBody.Json body =
        GuardCheckBody.json(((GuardCheckBody.Decoded.Ok) decoded).response());
    if (body instanceof GuardCheckBody.Json.NotJson notJson) {
      return cannotRead(notJson.clause(), path);
    }
    JsonPath.Lookup lookup = path.lookup(((GuardCheckBody.Json.Tree) body).root());
    if (lookup instanceof JsonPath.Lookup.Missing missing) {
      return GuardCheckOutcome.fail(path + " is missing: " + GuardCheckWords.why(missing) + ".");
    }
    return GuardCheckWords.judge(expectation, path, ((JsonPath.Lookup.Found) lookup).value());
  }

  private GuardCheckOutcome same(
      Endpoint endpoint,
      HttpResponseData candidate,
      HttpResponseData primary,
      HttpResponseData secondary,
      Origins origins) {
    if (primary == null) {
      return GuardCheckOutcome.fail(
          "The primary gave no answer to compare with, so 'same' cannot be checked.");
    }
    GuardCheckBody.Decoded c = GuardCheckBody.decode(candidate, "candidate");
    GuardCheckBody.Decoded p = GuardCheckBody.decode(primary, "primary");
    for (GuardCheckBody.Decoded d : List.of(c, p)) {
      if (d instanceof GuardCheckBody.Decoded.Corrupt corrupt) {
        return GuardCheckOutcome.fail(corrupt.clause() + ", so the answers cannot be compared.");
      }
    }
    ResponseDiffer.Prepared fromPrimary =
        differ.prepare(((GuardCheckBody.Decoded.Ok) p).response(), origins.primary());
    List<Difference> differences =
        differ.diff(
            endpoint,
            fromPrimary,
            differ.prepare(((GuardCheckBody.Decoded.Ok) c).response(), origins.candidate()));
    // the last digits of a floating-point sum depend on the order it was added up in: rounding,
    // not change (one sample cannot show it as noise the way a check's many requests do)
    differences =
        differences.stream()
            .filter(
                d -> !(d.change() instanceof ValueChange.Numeric n && n.relativeDelta() < ROUNDING))
            .toList();
    if (secondary != null && !differences.isEmpty()) {
      GuardCheckBody.Decoded s = GuardCheckBody.decode(secondary, "secondary");
      if (s instanceof GuardCheckBody.Decoded.Ok ok) {
        Set<String> noise = new HashSet<>();
        for (Difference d :
            differ.diff(
                endpoint, fromPrimary, differ.prepare(ok.response(), origins.secondary()))) {
          noise.add(d.pointer());
        }
        differences = differences.stream().filter(d -> !noise.contains(d.pointer())).toList();
      }
    }
    if (differences.isEmpty()) {
      return GuardCheckOutcome.pass("The candidate's answer is the same as the primary's.");
    }
    return GuardCheckOutcome.fail(
        "The candidate's answer differs from the primary's: "
            + GuardCheckWords.difference(differences.get(0))
            + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more)" : "")
            + ".");
  }

  private static GuardCheckOutcome status(Expectation.StatusIn expected, int status) {
    if (expected.accepts(status)) {
      return GuardCheckOutcome.pass("Got status " + status + ", as expected.");
    }
    return GuardCheckOutcome.fail(
        "Expected status " + expected.accepted() + ", got " + status + ".");
  }

  private static GuardCheckOutcome cannotRead(String clause, JsonPath path) {
    return GuardCheckOutcome.fail(clause + ", so " + path + " cannot be read.");
  }

  private static JsonPath pathOf(Expectation expectation) {
    if (expectation instanceof Expectation.Exists e) {
      return e.path();
    } else if (expectation instanceof Expectation.HasType t) {
      return t.path();
    }
    return ((Expectation.EqualsValue) expectation).path();
  }
}
