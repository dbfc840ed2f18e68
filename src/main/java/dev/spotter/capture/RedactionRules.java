package dev.spotter.capture;

import dev.spotter.model.SpotterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to hide before anything is written to disk. What the built-in detection covers is listed in
 * docs/formats.md ("Redaction"); {@link SecretNames} and {@link TokenFormats} hold the lists.
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
 * @param marker the text that replaces a redacted value, with a keyed hash of the value in it
 * @param secretNames more names of body fields, form fields, query parameters and headers whose
 *     values are secret, compared normalised (lower case, letters and digits only)
 * @param patterns regular expressions whose matches are replaced wherever they are (URL, headers,
 *     bodies); when a pattern has a group, only what the first group matched is replaced
 * @param builtIn whether the built-in detection applies: the secret names and header names, JWTs,
 *     known token formats, URL credentials and values learned as credentials
 */
public record RedactionRules(
    List<String> headerNames,
    List<String> queryParameters,
    List<String> jsonPaths,
    String marker,
    List<String> secretNames,
    List<String> patterns,
    boolean builtIn) {

  public static final String DEFAULT_MARKER = "[REDACTED]";

  /** Credentials that travel in headers of almost every API. */
  public static final List<String> DEFAULT_HEADERS =
      List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie");

  public RedactionRules {
    headerNames = List.copyOf(headerNames);
    queryParameters = List.copyOf(queryParameters);
    jsonPaths = List.copyOf(jsonPaths);
    secretNames = List.copyOf(secretNames);
    patterns = List.copyOf(patterns);
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
    for (String pattern : patterns) {
      checkPattern(pattern);
    }
  }

  /** Fails with what is wrong where when the text is not a regular expression. */
  public static void checkPattern(String pattern) {
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new SpotterException(
          "redaction.invalid",
          "redaction pattern '"
              + pattern
              + "' is not a regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }

  /**
   * The default headers and the built-in detection, no configured query parameters, body paths,
   * names or patterns, marker {@code [REDACTED]}.
   */
  public static RedactionRules defaults() {
    return new RedactionRules(
        DEFAULT_HEADERS, List.of(), List.of(), DEFAULT_MARKER, List.of(), List.of(), true);
  }

  /** Redacts nothing: for data that is known to hold no secrets. */
  public static RedactionRules none() {
    return new RedactionRules(
        List.of(), List.of(), List.of(), DEFAULT_MARKER, List.of(), List.of(), false);
  }

  /** These rules with more header names. */
  public RedactionRules withHeaderNames(String... names) {
    return new RedactionRules(
        plus(headerNames, names),
        queryParameters,
        jsonPaths,
        marker,
        secretNames,
        patterns,
        builtIn);
  }

  /** These rules with more query parameter names. */
  public RedactionRules withQueryParameters(String... names) {
    return new RedactionRules(
        headerNames,
        plus(queryParameters, names),
        jsonPaths,
        marker,
        secretNames,
        patterns,
        builtIn);
  }

  /** These rules with more JSON body paths. */
  public RedactionRules withJsonPaths(String... pointers) {
    return new RedactionRules(
        headerNames,
        queryParameters,
        plus(jsonPaths, pointers),
        marker,
        secretNames,
        patterns,
        builtIn);
  }

  /** These rules with more secret names. */
  public RedactionRules withSecretNames(String... names) {
    return new RedactionRules(
        headerNames,
        queryParameters,
        jsonPaths,
        marker,
        plus(secretNames, names),
        patterns,
        builtIn);
  }

  /** These rules with more patterns. */
  public RedactionRules withPatterns(String... regexes) {
    return new RedactionRules(
        headerNames,
        queryParameters,
        jsonPaths,
        marker,
        secretNames,
        plus(patterns, regexes),
        builtIn);
  }

  /** These rules with another marker. */
  public RedactionRules withMarker(String newMarker) {
    return new RedactionRules(
        headerNames, queryParameters, jsonPaths, newMarker, secretNames, patterns, builtIn);
  }

  private static List<String> plus(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(Arrays.asList(more));
    return all;
  }
}
