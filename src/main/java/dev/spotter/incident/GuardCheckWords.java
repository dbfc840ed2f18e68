package dev.spotter.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.diff.Difference;

/** The sentences of a guard's outcome about values in the candidate's JSON body. */
final class GuardCheckWords {
  private GuardCheckWords() {}

  /** Judges a value found at the path against an exists, type or equals expectation. */
  static GuardCheckOutcome judge(Expectation expectation, JsonPath path, JsonNode value) {
    if (expectation instanceof Expectation.HasType t) {
      String expected = article(t.type());
      return t.type().matches(value)
          ? GuardCheckOutcome.pass(
              path + " is " + expected + " (" + show(value) + "), as expected.")
          : GuardCheckOutcome.fail(
              path + " is " + described(value) + ", expected " + expected + ".");
    }
    if (expectation instanceof Expectation.EqualsValue e) {
      return ExpectationJson.sameValue(value, e.value())
          ? GuardCheckOutcome.pass(path + " is " + show(value) + ", as expected.")
          : GuardCheckOutcome.fail(
              path + " is " + show(value) + ", expected " + show(e.value()) + ".");
    }
    return GuardCheckOutcome.pass(path + " is present: " + show(value) + ".");
  }

  /** Why a step of the path could not be taken: what stood where the path went on. */
  static String why(JsonPath.Lookup.Missing missing) {
    String where =
        missing.reached().segments().isEmpty()
            ? "the candidate's body"
            : missing.reached().toString();
    JsonNode value = missing.value();
    if (missing.step() instanceof JsonPath.Segment.Field field) {
      return value.isObject()
          ? where + " has no '" + field.name() + "'"
          : where + " is " + described(value) + ", not an object";
    }
    if (!value.isArray()) {
      return where + " is " + described(value) + ", not an array";
    }
    int size = value.size();
    return where
        + (size == 0
            ? " is an empty array"
            : " has " + size + (size == 1 ? " element" : " elements"));
  }

  /** A difference as a few words: {@code /status status_changed (primary 200, candidate 500)}. */
  static String difference(Difference d) {
    String values =
        d.primary() != null && d.other() != null
            ? " (primary " + d.primary() + ", candidate " + d.other() + ")"
            : "";
    return d.pointer() + " " + d.kind().jsonName() + values;
  }

  /** A value's type and, unless it is null, the value: {@code a string ("12.50")}. */
  private static String described(JsonNode value) {
    return value.isNull() ? "null" : ExpectationJson.typeOf(value) + " (" + show(value) + ")";
  }

  private static String show(JsonNode value) {
    return ExpectationJson.show(value);
  }

  private static String article(Expectation.JsonType type) {
    return switch (type) {
      case INTEGER, OBJECT, ARRAY -> "an " + type.wireName();
      case NULL -> "null";
      default -> "a " + type.wireName();
    };
  }
}
