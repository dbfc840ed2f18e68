package dev.spotter.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a guard demands of the candidate's answer to a request that once broke production. Each kind
 * has one canonical text, used by the command line and the store: {@link #text()} (also {@code
 * toString()}) writes it and {@link #parse(String)} reads it back to an equal expectation.
 *
 * <ul>
 *   <li>{@code same}: the candidate answers as the primary does, as the diff sees it
 *   <li>{@code status 200,201} or {@code status 2xx}: the status is one of these codes or classes
 *   <li>{@code exists $.items[0].sku}: the JSON body has a value at the path
 *   <li>{@code type $.total number}: the value there has this JSON type
 *   <li>{@code equals $.status "shipped"}: the value there equals this JSON value (numbers by
 *       value)
 * </ul>
 */
public sealed interface Expectation
    permits Expectation.Same,
        Expectation.StatusIn,
        Expectation.Exists,
        Expectation.HasType,
        Expectation.EqualsValue {

  /**
   * Reads the canonical text of an expectation; keywords ignore case and blanks may be repeated.
   *
   * @throws IllegalArgumentException saying what is wrong and what is accepted
   */
  static Expectation parse(String text) {
    return ExpectationParser.parse(text);
  }

  /** The canonical text, which {@link #parse(String)} reads back. */
  String text();

  /** Whether checking it needs the primary's answer to the same request. */
  default boolean needsPrimary() {
    return false;
  }

  /** The candidate answers as the primary does: status, compared headers and body. */
  record Same() implements Expectation {
    @Override
    public String text() {
      return "same";
    }

    @Override
    public boolean needsPrimary() {
      return true;
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /**
   * The status is one of some codes, or in one of some classes.
   *
   * @param codes exact status codes, such as 200 and 201
   * @param classes leading digits of whole classes: 2 stands for 2xx
   */
  record StatusIn(Set<Integer> codes, Set<Integer> classes) implements Expectation {
    public StatusIn {
      // Sorted, so that equal sets write the same text.
      codes = Collections.unmodifiableSortedSet(new TreeSet<>(codes));
      classes = Collections.unmodifiableSortedSet(new TreeSet<>(classes));
      if (codes.isEmpty() && classes.isEmpty()) {
        throw new IllegalArgumentException("status: name at least one status code or class");
      }
      for (int c : codes) {
        if (c < 100 || c > 999) {
          throw new IllegalArgumentException("status: " + c + " is not a status code");
        }
      }
      for (int c : classes) {
        if (c < 1 || c > 9) {
          throw new IllegalArgumentException("status: " + c + "xx is not a status class");
        }
      }
    }

    /** Exact codes only, such as {@code StatusIn.of(200, 201)}. */
    public static StatusIn of(Integer... codes) {
      return new StatusIn(Set.copyOf(List.of(codes)), Set.of());
    }

    public boolean accepts(int status) {
      return codes.contains(status) || classes.contains(status / 100);
    }

    @Override
    public String text() {
      return "status " + String.join(",", tokens());
    }

    /** The accepted statuses for a sentence: {@code 200, 201 or 2xx}. */
    public String accepted() {
      List<String> t = tokens();
      if (t.size() == 1) {
        return t.get(0);
      }
      return String.join(", ", t.subList(0, t.size() - 1)) + " or " + t.get(t.size() - 1);
    }

    /** Classes and codes in the order of their leading digit, each class before its codes. */
    private List<String> tokens() {
      List<String> tokens = new ArrayList<>(codes.size() + classes.size());
      for (int digit = 1; digit <= 9; digit++) {
        if (classes.contains(digit)) {
          tokens.add(digit + "xx");
        }
        for (int code : codes) {
          if (code / 100 == digit) {
            tokens.add(Integer.toString(code));
          }
        }
      }
      return tokens;
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** The candidate's JSON body has a value (null counts) at the path. */
  record Exists(JsonPath path) implements Expectation {
    public Exists {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String text() {
      return "exists " + path;
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** The value at the path in the candidate's JSON body has a JSON type. */
  record HasType(JsonPath path, JsonType type) implements Expectation {
    public HasType {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String text() {
      return "type " + path + " " + type.wireName();
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /**
   * The value at the path in the candidate's JSON body equals a JSON value. Numbers compare by
   * value (12.5 equals 12.50), objects regardless of field order, arrays element by element.
   */
  record EqualsValue(JsonPath path, JsonNode value) implements Expectation {
    public EqualsValue {
      Objects.requireNonNull(path, "path");
      // A JsonNode can be changed in place; the expectation must not change with it.
      value = Objects.requireNonNull(value, "value").deepCopy();
    }

    @Override
    public String text() {
      return "equals " + path + " " + ExpectationJson.write(value);
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** The types a JSON value can have; {@code integer} is a number without a fractional part. */
  enum JsonType {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    OBJECT,
    ARRAY,
    NULL;

    /** As written in an expectation: {@code number}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a value has this type; 12.0 and 1E+3 are integers, as in JSON Schema. */
    public boolean matches(JsonNode node) {
      return switch (this) {
        case STRING -> node.isTextual();
        case NUMBER -> node.isNumber();
        case INTEGER -> ExpectationJson.isWhole(node);
        case BOOLEAN -> node.isBoolean();
        case OBJECT -> node.isObject();
        case ARRAY -> node.isArray();
        case NULL -> node.isNull();
      };
    }
  }
}
