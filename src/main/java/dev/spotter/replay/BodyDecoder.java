package dev.spotter.replay;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes the content codings a response declares (gzip, deflate zlib-wrapped or raw, br, stacked in
 * any order) so bodies are compared as the client finally sees them. A coding it does not know
 * leaves the bytes as they came. Decoded output is capped like received bodies, which also bounds
 * what a compression bomb can cost.
 */
final class BodyDecoder {
  private static final Set<String> KNOWN = Set.of("gzip", "x-gzip", "deflate", "br");
  private static final int CHUNK = 16 * 1024;

  private BodyDecoder() {}

  /** The outcome of decoding one body. */
  sealed interface Result {
    /** The body after decoding (or as it came, when no known coding applies). */
    record Decoded(Body body) implements Result {}

    /** The body claims a coding its bytes do not follow. */
    record Corrupt(String message) implements Result {}
  }

  /**
   * Decodes a received body.
   *
   * @param headers the response headers, read for Content-Encoding
   * @param raw the bytes received (a prefix when {@code rawTruncated})
   * @param rawSize how many bytes the server sent
   * @param rawTruncated whether {@code raw} is only a prefix; decoding then stops quietly where the
   *     prefix ends
   * @param cap decoded bytes kept at most
   */
  static Result decode(Headers headers, byte[] raw, long rawSize, boolean rawTruncated, long cap) {
    List<String> codings = codings(headers);
    if (codings.isEmpty() || raw.length == 0 || !KNOWN.containsAll(codings)) {
      return new Result.Decoded(new Body(raw, Math.max(rawSize, raw.length), rawTruncated));
    }
    byte[] bytes = raw;
    long size = rawSize;
    boolean truncated = rawTruncated;
    // Codings are listed in the order they were applied, so they are undone last first.
    for (int i = codings.size() - 1; i >= 0; i--) {
      String coding = codings.get(i);
      Output out = new Output(cap, bytes.length);
      try {
        switch (coding) {
          case "gzip", "x-gzip" -> drain(new GZIPInputStream(new ByteArrayInputStream(bytes)), out);
          case "br" -> drain(new BrotliInputStream(new ByteArrayInputStream(bytes)), out);
          default -> inflate(bytes, out, truncated);
        }
      } catch (IOException | DataFormatException | RuntimeException e) {
        if (!truncated) {
          return new Result.Corrupt(
              "the body says Content-Encoding "
                  + coding
                  + " but cannot be decoded as such: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        // A prefix of an encoded body ends mid-stream; what decoded so far is kept.
      }
      bytes = out.bytes();
      size = out.total();
      truncated = truncated || out.overflowed();
    }
    return new Result.Decoded(new Body(bytes, Math.max(size, bytes.length), truncated));
  }

  /** The codings of Content-Encoding in the order applied, lower case, identity left out. */
  static List<String> codings(Headers headers) {
    List<String> codings = new ArrayList<>(1);
    for (String value : headers.all("Content-Encoding")) {
      for (String token : value.split(",")) {
        String c = token.trim().toLowerCase(Locale.ROOT);
        if (!c.isEmpty() && !c.equals("identity")) {
          codings.add(c);
        }
      }
    }
    return codings;
  }

  private static void drain(InputStream in, Output out) throws IOException {
    try (in) {
      byte[] chunk = new byte[CHUNK];
      int n;
      while (!out.overflowed() && (n = in.read(chunk)) > 0) {
        out.write(chunk, n);
      }
    }
  }

  /**
   * "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send a raw deflate stream:
   * the two-byte zlib header tells which one this is.
   */
  private static void inflate(byte[] bytes, Output out, boolean truncated)
      throws DataFormatException, IOException {
    boolean zlib =
        bytes.length >= 2
            && (bytes[0] & 0x0F) == 8
            && (((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF)) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    try {
      inflater.setInput(bytes);
      byte[] chunk = new byte[CHUNK];
      while (!inflater.finished() && !out.overflowed()) {
        int n = inflater.inflate(chunk);
        if (n > 0) {
          out.write(chunk, n);
        } else if (inflater.needsInput() || inflater.needsDictionary()) {
          if (!truncated) {
            throw new IOException("the deflate stream ends before its end marker");
          }
          return;
        }
      }
    } finally {
      inflater.end();
    }
  }

  /** A growing byte array that keeps at most {@code cap} bytes and notes when more came. */
  private static final class Output {
    private final long cap;
    private byte[] buf;
    private int kept;
    private long total;

    Output(long cap, int encodedLength) {
      this.cap = cap;
      // Text compresses about four times; starting there avoids most regrowth.
      this.buf = new byte[(int) Math.min(cap, Math.max(CHUNK, (long) encodedLength * 4))];
    }

    void write(byte[] chunk, int n) {
      total += n;
      int take = (int) Math.min(n, cap - kept);
      if (take > 0) {
        if (kept + take > buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(kept + take, 2L * buf.length)));
        }
        System.arraycopy(chunk, 0, buf, kept, take);
        kept += take;
      }
    }

    boolean overflowed() {
      return total > cap;
    }

    long total() {
      return total;
    }

    byte[] bytes() {
      return kept == buf.length ? buf : Arrays.copyOf(buf, kept);
    }
  }
}
