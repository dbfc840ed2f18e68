package dev.spotter.report;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What a body's bytes are (text, JSON, binary) and how much of them a report shows. */
final class BodyBytes {
  private BodyBytes() {}

  /** The body's bytes, or none when there is no body. */
  static byte[] of(Body body) {
    return body == null ? new byte[0] : body.bytes();
  }

  /** True when the bytes decode as UTF-8 without a single malformed or unmappable sequence. */
  static boolean isUtf8(byte[] bytes) {
    return strictUtf8(bytes, bytes.length) != null;
  }

  /** The first {@code length} bytes decoded strictly, or null when they are not valid UTF-8. */
  static String strictUtf8(byte[] bytes, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Where to cut at most {@code cap} bytes of UTF-8 without splitting a character: the cut moves
   * back to the lead byte of a character that straddles it.
   */
  static int utf8Cut(byte[] bytes, int cap) {
    if (cap >= bytes.length) {
      return bytes.length;
    }
    int cut = Math.max(0, cap);
    int steps = 0;
    while (cut > 0 && steps < 3 && (bytes[cut] & 0xC0) == 0x80) {
      cut--;
      steps++;
    }
    return (bytes[cut] & 0xC0) == 0x80 ? cap : cut;
  }

  /**
   * Whether the bytes read as text for people: valid UTF-8 (the cut end of a capped body aside) and
   * no NUL or more than a few other control characters.
   */
  static boolean isText(byte[] bytes, int cap) {
    int cut = utf8Cut(bytes, cap);
    String text = strictUtf8(bytes, cut);
    if (text == null) {
      return false;
    }
    int controls = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Escape.isInvisibleControl(c)) {
        controls++;
      }
    }
    return controls <= Math.max(2, text.length() / 100);
  }

  /** The media type of a Content-Type header, lower-cased without parameters, or empty. */
  static String mediaType(Headers headers) {
    if (headers == null) {
      return "";
    }
    String value = headers.first("Content-Type").orElse("");
    int semi = value.indexOf(';');
    return (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Whether the bytes should be tried as JSON: declared so, or starting like an object/array. */
  static boolean looksLikeJson(byte[] bytes, String mediaType) {
    if (mediaType.endsWith("json") || mediaType.contains("+json")) {
      return true;
    }
    for (byte b : bytes) {
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  /** A classic hex dump (offset, 16 bytes in hex, printable ASCII) of the first bytes. */
  static String hexDump(byte[] bytes, int max) {
    int n = Math.min(bytes.length, max);
    StringBuilder out = new StringBuilder(n * 4 + 16);
    for (int row = 0; row < n; row += 16) {
      out.append(Escape.hex(row >> 24))
          .append(Escape.hex(row >> 16))
          .append(Escape.hex(row >> 8))
          .append(Escape.hex(row))
          .append("  ");
      StringBuilder ascii = new StringBuilder(16);
      for (int i = row; i < row + 16; i++) {
        if (i < n) {
          int b = bytes[i] & 0xff;
          out.append(Escape.hex(b)).append(' ');
          ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        } else {
          out.append("   ");
        }
        if (i == row + 7) {
          out.append(' ');
        }
      }
      out.append(' ').append(ascii).append('\n');
    }
    return out.toString();
  }
}
