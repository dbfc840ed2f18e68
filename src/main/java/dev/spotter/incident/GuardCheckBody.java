package dev.spotter.incident;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.diff.MediaTypes;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ContentDecoder;

/** A response's body made readable for a guard: content codings undone, then read as JSON. */
final class GuardCheckBody {
  /** Decoded bytes kept at most; a guard's answer is one response, held in memory anyway. */
  static final long MAX_DECODED_BYTES = 64L << 20;

  private GuardCheckBody() {}

  /** A response whose body is decoded, or the clause saying why it cannot be. */
  sealed interface Decoded {
    record Ok(HttpResponseData response) implements Decoded {}

    record Corrupt(String clause) implements Decoded {}
  }

  /** A body read as JSON, or the clause saying why it is not JSON. */
  sealed interface Json {
    record Tree(JsonNode root) implements Json {}

    record NotJson(String clause) implements Json {}
  }

  /**
   * Undoes gzip, deflate and br with the decoder replay and import use. Replay hands over bodies
   * already decoded that still carry their Content-Encoding header, while a HAR may keep them
   * compressed: {@link ContentDecoder#decodeStored} undoes a coding only when the bytes follow it.
   *
   * @param whose how the body is named in the clause: "candidate" or "primary"
   */
  static Decoded decode(HttpResponseData response, String whose) {
    ContentDecoder.Result result =
        ContentDecoder.decodeStored(response.headers(), response.body(), MAX_DECODED_BYTES);
    if (result instanceof ContentDecoder.Result.Corrupt corrupt) {
      return new Decoded.Corrupt(
          "The "
              + whose
              + "'s body says Content-Encoding "
              + corrupt.coding()
              + " but does not decode ("
              + corrupt.detail()
              + ")");
    }
    return new Decoded.Ok(response.withBody(((ContentDecoder.Result.Decoded) result).body()));
  }

  /**
   * Reads a decoded candidate's body as JSON when it says it is JSON ({@code application/json},
   * {@code text/json}, any {@code +json} type) or says nothing of its type, as the diff does.
   */
  static Json json(HttpResponseData response) {
    if (response.body().isEmpty()) {
      return new Json.NotJson("The candidate's body is empty");
    }
    String mediaType = mediaType(response);
    if (mediaType != null && !MediaTypes.isJson(mediaType)) {
      return new Json.NotJson("The candidate's body is not JSON (" + mediaType + ")");
    }
    JsonNode root = ExpectationJson.read(response.body().bytes());
    if (root != null) {
      return new Json.Tree(root);
    }
    if (response.body().truncated()) {
      return new Json.NotJson(
          "The candidate's body was cut at "
              + response.body().length()
              + " of its "
              + response.body().originalSize()
              + " bytes, too short to read as JSON");
    }
    return new Json.NotJson(
        mediaType == null
            ? "The candidate's body is not JSON (it has no Content-Type and does not parse)"
            : "The candidate's body says " + mediaType + " but is not valid JSON");
  }

  /** The media type without parameters, lower case; null when there is no Content-Type. */
  private static String mediaType(HttpResponseData response) {
    return MediaTypes.essence(response.headers().first("content-type").orElse(null));
  }
}
