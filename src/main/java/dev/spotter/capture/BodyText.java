package dev.spotter.capture;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Body bytes and the text files carry them as: base64 in, and whether bytes can be written out as
 * UTF-8 text. Content codings are undone by {@link dev.spotter.proxy.ContentDecoder}.
 */
final class BodyText {
  private BodyText() {}

  /** The bytes of base64 text, line breaks and spaces allowed; {@code path} names it. */
  static byte[] base64(String text, String path) throws EntryProblem {
    StringBuilder compact = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
        compact.append(c);
      }
    }
    try {
      return Base64.getDecoder().decode(compact.toString());
    } catch (IllegalArgumentException e) {
      throw new EntryProblem(
          path + " is marked base64 but is not valid base64 (" + e.getMessage() + ")");
    }
  }

  /** Whether the bytes are well-formed UTF-8, so they can be written as text. */
  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
