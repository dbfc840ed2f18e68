package dev.spotter.diff;

/** What kind of difference was found at a path; the JSON name is what reports and users see. */
public enum DifferenceKind {
  /** A scalar (or a whole non-JSON body) has another value. */
  VALUE_CHANGED("value_changed"),
  /** The JSON type changed: number to string, object to array, value to null, JSON to not-JSON. */
  TYPE_CHANGED("type_changed"),
  /** Present in the primary's answer, absent in the other. */
  FIELD_MISSING("field_missing"),
  /** Absent in the primary's answer, present in the other. */
  FIELD_ADDED("field_added"),
  /** An array compared by index or as a set has another length. */
  ARRAY_LENGTH_CHANGED("array_length_changed"),
  /** The HTTP status code differs. */
  STATUS_CHANGED("status_changed"),
  /** A header that is compared has another value. */
  HEADER_CHANGED("header_changed"),
  /** The media type of Content-Type differs (application/json to text/html, say). */
  MEDIA_TYPE_CHANGED("media_type_changed"),
  /** The primary answered and the other target did not (timeout, refused, reset). */
  NO_RESPONSE("no_response");

  private final String jsonName;

  DifferenceKind(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in report.json and configuration, such as {@code type_changed}. */
  public String jsonName() {
    return jsonName;
  }

  public static DifferenceKind fromJsonName(String name) {
    for (DifferenceKind k : values()) {
      if (k.jsonName.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown difference kind '" + name + "'");
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
