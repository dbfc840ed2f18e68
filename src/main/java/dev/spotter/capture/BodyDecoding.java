package dev.spotter.capture;

import dev.spotter.model.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Turns body text found in a file into the decoded bytes Spotter keeps: base64 when the file says
 * so, and decompression when a tool stored the bytes as they travelled ({@code Content-Encoding}
 * applied) rather than decoded, as browsers do. Only bytes that really are compressed are
 * decompressed: most tools keep the header but store the decoded body.
 */
final class BodyDecoding {
  /** More than this after decompression is treated as a decompression bomb. */
  static final int MAX_DECODED_BYTES = 512 * 1024 * 1024;

  private BodyDecoding() {}

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

  /** The bytes with every content coding that was really applied to them undone. */
  static byte[] decodeIfCompressed(byte[] bytes, Headers headers, String path) throws EntryProblem {
    List<String> codings = new ArrayList<>();
    for (String value : headers.all("Content-Encoding")) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          codings.add(token.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    Collections.reverse(codings); // the last coding applied is the first to undo
    byte[] current = bytes;
    for (String coding : codings) {
      byte[] decoded =
          switch (coding) {
            case "gzip", "x-gzip" -> isGzip(current) ? inflate(gzip(current), "gzip", path) : null;
            case "deflate" -> deflate(current, path);
            case "br" -> isUtf8(current) ? null : brotli(current);
            default -> null;
          };
      if (decoded == null) {
        break; // stored decoded already (or a coding we do not know): keep what we have
      }
      current = decoded;
    }
    return current;
  }

  private static boolean isGzip(byte[] b) {
    return b.length >= 10 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  private static boolean isZlib(byte[] b) {
    if (b.length < 2) {
      return false;
    }
    int cmf = b[0] & 0xff;
    int flg = b[1] & 0xff;
    return (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0;
  }

  private static InputStream gzip(byte[] b) throws EntryProblem {
    try {
      return new GZIPInputStream(new ByteArrayInputStream(b));
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] deflate(byte[] b, String path) throws EntryProblem {
    if (isZlib(b)) {
      return inflate(new InflaterInputStream(new ByteArrayInputStream(b)), "deflate", path);
    }
    // some servers send raw deflate without the zlib wrapper; text is never mistaken for it
    if (isUtf8(b)) {
      return null;
    }
    try {
      return inflate(
          new InflaterInputStream(new ByteArrayInputStream(b), new Inflater(true)),
          "deflate",
          path);
    } catch (EntryProblem notDeflate) {
      return null;
    }
  }

  private static byte[] brotli(byte[] b) {
    try {
      return readAll(new BrotliInputStream(new ByteArrayInputStream(b)));
    } catch (IOException | RuntimeException notBrotli) {
      return null; // binary that is not brotli after all: keep it as stored
    }
  }

  private static byte[] inflate(InputStream in, String coding, String path) throws EntryProblem {
    if (in == null) {
      throw new EntryProblem(path + " looks " + coding + "-compressed but its header is corrupt");
    }
    try {
      return readAll(in);
    } catch (IOException e) {
      throw new EntryProblem(
          path + " is " + coding + "-compressed but the data is corrupt (" + e.getMessage() + ")");
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > MAX_DECODED_BYTES) {
          throw new IOException("more than " + MAX_DECODED_BYTES + " bytes once decompressed");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

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
