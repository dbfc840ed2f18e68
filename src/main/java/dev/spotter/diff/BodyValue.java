package dev.spotter.diff;

import com.fasterxml.jackson.databind.JsonNode;

/** A response body as the diff sees it, after deciding how it is to be compared. */
sealed interface BodyValue {
  /** No bytes at all. */
  record Empty() implements BodyValue {}

  /** A body that parsed as JSON. */
  record Json(JsonNode tree) implements BodyValue {}

  /**
   * A body compared line by line.
   *
   * @param text the decoded text
   * @param claimedJson true when the media type said JSON but the bytes did not parse
   */
  record Text(String text, boolean claimedJson) implements BodyValue {}

  /** A body compared by its bytes only. */
  record Bytes(byte[] bytes, String mediaType) implements BodyValue {}

  /** The kind of body in one word, for type shifts: json, text, invalid-json, binary, empty. */
  default String kindName() {
    if (this instanceof Empty) {
      return "empty";
    } else if (this instanceof Json) {
      return "json";
    } else if (this instanceof Text t) {
      return t.claimedJson() ? "invalid-json" : "text";
    }
    return "binary";
  }

  /** How the kind of body is named in a difference, such as "JSON object". */
  default String describe() {
    if (this instanceof Empty) {
      return "empty body";
    } else if (this instanceof Json json) {
      return "JSON " + JsonRendering.typeName(json.tree());
    } else if (this instanceof Text t) {
      return t.claimedJson() ? "text that is not valid JSON" : "text";
    }
    return "binary body";
  }
}
