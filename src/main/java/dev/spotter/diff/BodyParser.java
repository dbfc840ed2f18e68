package dev.spotter.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.HttpResponseData;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decides how a body is compared (JSON tree, text lines, bytes) and parses it accordingly. */
final class BodyParser {
  // ObjectMapper is thread-safe once configured; one instance serves every diff.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private BodyParser() {}

  static BodyValue parse(HttpResponseData response) {
    byte[] bytes = response.body().bytes();
    if (bytes.length == 0) {
      return new BodyValue.Empty();
    }
    String contentType = response.headers().first("content-type").orElse(null);
    String essence = MediaTypes.essence(contentType);
    if (MediaTypes.isJson(essence)) {
      JsonNode tree = parseJson(bytes);
      return tree != null
          ? new BodyValue.Json(tree)
          : new BodyValue.Text(decode(bytes, contentType), true);
    }
    if (essence == null && looksLikeJson(bytes)) {
      JsonNode tree = parseJson(bytes);
      if (tree != null) {
        return new BodyValue.Json(tree);
      }
    }
    if (MediaTypes.isText(essence)) {
      return new BodyValue.Text(decode(bytes, contentType), false);
    }
    if (essence == null) {
      String strict = strictUtf8(bytes);
      if (strict != null && strict.indexOf('\0') < 0) {
        return new BodyValue.Text(strict, false);
      }
    }
    return new BodyValue.Bytes(bytes, essence);
  }

  private static JsonNode parseJson(byte[] bytes) {
    try {
      JsonNode tree = MAPPER.readTree(bytes);
      return tree == null || tree.isMissingNode() ? null : tree;
    } catch (JsonProcessingException e) {
      return null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  private static String decode(byte[] bytes, String contentType) {
    return new String(bytes, charsetOf(contentType));
  }

  private static Charset charsetOf(String contentType) {
    if (contentType != null) {
      for (String param : contentType.split(";")) {
        String p = param.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          String name = p.substring(8).trim().replace("\"", "");
          try {
            return Charset.forName(name);
          } catch (IllegalArgumentException unknownCharset) {
            // An unknown charset is the service's problem to report, not ours: compare as UTF-8.
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
