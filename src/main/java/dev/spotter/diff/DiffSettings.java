package dev.spotter.diff;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything that decides what the structural diff compares and how. Built once from defaults and
 * {@code spotter.yaml}; every rule that hides a difference is explicit here.
 *
 * @param ignoredHeaders lower-case header names never compared (volatile ones by default)
 * @param ignoredPaths folded paths, optionally for one endpoint, whose differences are dropped
 * @param arrayRules how arrays at given paths are matched: by index (default), as a set, or by key
 */
public record DiffSettings(
    Set<String> ignoredHeaders, List<PathRule> ignoredPaths, List<ArrayRule> arrayRules) {

  /** Headers that differ between two runs of the same build for reasons no client relies on. */
  public static final Set<String> DEFAULT_IGNORED_HEADERS =
      Set.of(
          "date",
          "server",
          "etag",
          "last-modified",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "x-request-id",
          "x-correlation-id",
          "x-trace-id",
          "traceparent",
          "tracestate",
          "x-b3-traceid",
          "x-b3-spanid",
          "x-amzn-trace-id",
          "age",
          "expires",
          "set-cookie",
          "x-runtime",
          "x-response-time",
          "server-timing",
          "report-to",
          "nel",
          "via",
          "alt-svc");

  public DiffSettings {
    ignoredHeaders =
        ignoredHeaders.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    ignoredPaths = List.copyOf(ignoredPaths);
    arrayRules = List.copyOf(arrayRules);
  }

  public static DiffSettings defaults() {
    return new DiffSettings(DEFAULT_IGNORED_HEADERS, List.of(), List.of());
  }

  /** How the elements of an array are paired before they are compared. */
  public enum ArrayMode {
    /** Element i with element i; a length change is reported once for the array. */
    INDEX,
    /** Order does not matter: equal elements pair up, the rest pair in sorted order. */
    SET,
    /** Elements pair by the value of a key field, such as {@code id}. */
    KEYED
  }

  /**
   * A rule for the array at a folded path.
   *
   * @param endpoint the endpoint it applies to, or null for all
   * @param path folded JSON Pointer of the array, such as {@code /body/items} or {@code
   *     /body/orders/*}{@code /tags}
   * @param mode how elements are paired
   * @param keyField for {@link ArrayMode#KEYED}, the field whose value identifies an element
   */
  public record ArrayRule(
      EndpointPattern endpoint, PathPattern path, ArrayMode mode, String keyField) {
    public ArrayRule {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(mode, "mode");
      if (mode == ArrayMode.KEYED && (keyField == null || keyField.isBlank())) {
        throw new IllegalArgumentException("a keyed array rule needs a key field");
      }
    }
  }

  /**
   * A path whose differences are ignored.
   *
   * @param endpoint the endpoint it applies to, or null for all
   * @param path folded JSON Pointer pattern; {@code *} matches one segment, a trailing {@code **}
   *     everything below
   */
  public record PathRule(EndpointPattern endpoint, PathPattern path) {
    public PathRule {
      Objects.requireNonNull(path, "path");
    }
  }
}
