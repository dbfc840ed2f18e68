package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts a request or response body by what its Content-Type (or first byte) says it is: JSON
 * ({@link JsonRedaction}), a form ({@code application/x-www-form-urlencoded}: fields by name, as
 * query parameters are), a multipart form (fields without a file name, by name), and any other body
 * that is not declared binary (scanned for secrets told by their form). A body where nothing was
 * found is returned as the same object, byte for byte.
 */
final class BodyRedaction {
  /** Media types never scanned: their bytes are not text. */
  private static final List<String> BINARY =
      List.of(
          "image/",
          "audio/",
          "video/",
          "font/",
          "application/octet-stream",
          "application/zip",
          "application/gzip",
          "application/pdf",
          "application/grpc",
          "application/x-protobuf",
          "application/protobuf");

  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern PART_NAME =
      Pattern.compile("(?i)content-disposition:[^\\r\\n]*?\\bname=\"([^\"]*)\"");

  private final JsonRedaction json;
  private final Predicate<String> secretFormName;
  private final SecretNames names;
  private final Secrets secrets;

  BodyRedaction(
      JsonRedaction json, Predicate<String> secretFormName, SecretNames names, Secrets secrets) {
    this.json = json;
    this.secretFormName = secretFormName;
    this.names = names;
    this.secrets = secrets;
  }

  Body redact(Body body, Headers headers) {
    if (body.isEmpty()) {
      return body;
    }
    String type =
        headers.first("Content-Type").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
    if (type.startsWith("application/x-www-form-urlencoded")) {
      String text = new String(body.bytes(), StandardCharsets.ISO_8859_1);
      String redacted =
          QueryRedaction.redactParameters(text, secretFormName, secrets, RedactionKind.BODY_FIELD);
      return replaced(body, text, redacted);
    }
    if (type.startsWith("multipart/form-data")) {
      return multipart(body, headers.first("Content-Type").orElse(""));
    }
    if (JsonRedaction.looksLikeJson(body, headers)) {
      return json.redact(body);
    }
    for (String binary : BINARY) {
      if (type.startsWith(binary)) {
        return body;
      }
    }
    String text = new String(body.bytes(), StandardCharsets.ISO_8859_1);
    return replaced(body, text, secrets.scan(text, null, UnaryOperator.identity()));
  }

  /**
   * A multipart form: a field without a file name and with a secret name has its content replaced;
   * other fields without a file name are scanned; files are left alone.
   */
  private Body multipart(Body body, String contentType) {
    Matcher b = BOUNDARY.matcher(contentType);
    if (!b.find()) {
      return body;
    }
    String delimiter = "--" + (b.group(1) != null ? b.group(1) : b.group(2));
    String text = new String(body.bytes(), StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    int part = text.indexOf(delimiter);
    while (part >= 0) {
      int headersStart = part + delimiter.length();
      int next = text.indexOf(delimiter, headersStart);
      int headersEnd = text.indexOf("\r\n\r\n", headersStart);
      if (headersEnd < 0 || (next >= 0 && headersEnd > next)) {
        break;
      }
      int contentStart = headersEnd + 4;
      int contentEnd = next < 0 ? text.length() : next;
      if (contentEnd >= contentStart + 2 && text.startsWith("\r\n", contentEnd - 2) && next >= 0) {
        contentEnd -= 2;
      }
      String partHeaders = text.substring(headersStart, headersEnd);
      Matcher name = PART_NAME.matcher(partHeaders);
      if (contentEnd > contentStart && !partHeaders.toLowerCase(Locale.ROOT).contains("filename")) {
        String content = text.substring(contentStart, contentEnd);
        String redacted;
        if (name.find() && names.isSecret(name.group(1)) && !secrets.isPlaceholder(content)) {
          redacted = secrets.hide(utf8(content));
          secrets.count(RedactionKind.BODY_FIELD);
        } else {
          redacted = secrets.scan(content, null, UnaryOperator.identity());
        }
        out.append(text, at, contentStart).append(redacted);
        at = contentEnd;
      }
      if (next < 0) {
        break;
      }
      part = next;
    }
    out.append(text, at, text.length());
    return replaced(body, text, out.toString());
  }

  /** Text read as ISO-8859-1 (one char a byte) read again as the UTF-8 it most likely is. */
  static String utf8(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  /**
   * The body as the redacted text (ISO-8859-1, so every byte not replaced stays as it was), or the
   * body itself when nothing changed; a capped body stays marked, its size adjusted by the change.
   */
  static Body replaced(Body body, String text, String redacted) {
    if (redacted.equals(text)) {
      return body;
    }
    byte[] bytes = redacted.getBytes(StandardCharsets.ISO_8859_1);
    return body.truncated()
        ? new Body(bytes, body.originalSize() - body.length() + bytes.length, true)
        : Body.of(bytes);
  }
}
