package dev.spotter.capture;

import dev.spotter.model.SpotterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What to hide before anything is written to disk.
 *
 * @param headerNames header names whose values are replaced (compared without regard to case);
 *     {@code Authorization} and {@code Proxy-Authorization} keep their scheme, {@code Cookie} and
 *     {@code Set-Cookie} keep cookie names and attributes
 * @param queryParameters query parameter names whose values are replaced in URLs, in {@code
 *     Referer}/{@code Location} headers and in form-encoded request bodies (compared without regard
 *     to case)
 * @param jsonPaths JSON Pointers into JSON request and response bodies, where a segment {@code *}
 *     matches any key or index ({@code /password}, {@code /cards/*}{@code /number}); a body that
 *     looks like JSON but cannot be parsed (cut at the cap, broken) is replaced whole by the marker
 * @param marker the text that replaces a redacted value
 */
public record RedactionRules(
    List<String> headerNames, List<String> queryParameters, List<String> jsonPaths, String marker) {

  public static final String DEFAULT_MARKER = "[REDACTED]";

  /** Credentials that travel in headers of almost every API. */
  public static final List<String> DEFAULT_HEADERS =
      List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie");

  public RedactionRules {
    headerNames = List.copyOf(headerNames);
    queryParameters = List.copyOf(queryParameters);
    jsonPaths = List.copyOf(jsonPaths);
    Objects.requireNonNull(marker, "marker");
    if (marker.isEmpty()) {
      throw new SpotterException("redaction.invalid", "the redaction marker must not be empty");
    }
    for (String path : jsonPaths) {
      if (!path.startsWith("/")) {
        throw new SpotterException(
            "redaction.invalid",
            "JSON body path '"
                + path
                + "' is not a JSON Pointer: it must start with '/', as in /password or"
                + " /cards/*/number");
      }
    }
  }

  /** The default headers, no query parameters, no body paths, marker {@code [REDACTED]}. */
  public static RedactionRules defaults() {
    return new RedactionRules(DEFAULT_HEADERS, List.of(), List.of(), DEFAULT_MARKER);
  }

  /** Redacts nothing: for data that is known to hold no secrets. */
  public static RedactionRules none() {
    return new RedactionRules(List.of(), List.of(), List.of(), DEFAULT_MARKER);
  }

  /** These rules with more header names. */
  public RedactionRules withHeaderNames(String... names) {
    return new RedactionRules(plus(headerNames, names), queryParameters, jsonPaths, marker);
  }

  /** These rules with more query parameter names. */
  public RedactionRules withQueryParameters(String... names) {
    return new RedactionRules(headerNames, plus(queryParameters, names), jsonPaths, marker);
  }

  /** These rules with more JSON body paths. */
  public RedactionRules withJsonPaths(String... pointers) {
    return new RedactionRules(headerNames, queryParameters, plus(jsonPaths, pointers), marker);
  }

  /** These rules with another marker. */
  public RedactionRules withMarker(String newMarker) {
    return new RedactionRules(headerNames, queryParameters, jsonPaths, newMarker);
  }

  private static List<String> plus(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(Arrays.asList(more));
    return all;
  }
}
