package dev.spotter.capture;

/**
 * Why a value was redacted, for the counts an import or a recording reports. A value found by its
 * name counts where it stood (body field, query parameter, header); a value found by what it looks
 * like counts by that (JWT, known token, URL credential, pattern, learned value), except in a URL
 * path segment, which always counts as a path segment.
 */
public enum RedactionKind {
  BODY_FIELD("body field", "body fields"),
  QUERY_PARAMETER("query parameter", "query parameters"),
  PATH_SEGMENT("path segment", "path segments"),
  HEADER("header", "headers"),
  JWT("JWT", "JWTs"),
  KNOWN_TOKEN("known token", "known tokens"),
  URL_CREDENTIAL("URL credential", "URL credentials"),
  PATTERN("pattern match", "pattern matches"),
  LEARNED_VALUE("learned value", "learned values"),
  WITHHELD_BODY("withheld body", "withheld bodies");

  private final String one;
  private final String many;

  RedactionKind(String one, String many) {
    this.one = one;
    this.many = many;
  }

  /** {@code 1 header}, {@code 3 body fields}. */
  String describe(long count) {
    return count + " " + (count == 1 ? one : many);
  }
}
