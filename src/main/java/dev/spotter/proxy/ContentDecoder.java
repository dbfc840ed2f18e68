package dev.spotter.proxy;

import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * Undoes the content codings a message declares in {@code Content-Encoding} (gzip, deflate
 * zlib-wrapped or raw, br, stacked in any order), so bodies are kept and compared as the client
 * finally sees them. The one HTTP content decoder of Spotter: replay decodes answers with it,
 * import decodes bodies that tools stored compressed.
 *
 * <p>Decoded output never exceeds the caller's cap: decoding stops there and the body is marked
 * truncated, its original size counting every byte the stream would have produced as far as it was
 * read. That cap is also what a compression bomb can cost at most.
 */
public final class ContentDecoder {
  private static final Set<String> KNOWN = Set.of("gzip", "x-gzip", "deflate", "br");
  private static final int CHUNK = 16 * 1024;

  private ContentDecoder() {}

  /** The outcome of decoding one body. */
  public sealed interface Result {
    /** The body after decoding (or as it came, when no known coding applies). */
    record Decoded(Body body) implements Result {}

    /**
     * The body claims a coding its bytes do not follow.
     *
     * @param coding the coding that failed, such as {@code gzip}
     * @param detail what the decompressor said
     */
    record Corrupt(String coding, String detail) implements Result {
      /** One line for a report: which coding and why. */
      public String message() {
        return "the body says Content-Encoding "
            + coding
            + " but cannot be decoded as such: "
            + detail;
      }
    }
  }

  /**
   * Decodes a body received from a server: every declared coding must hold, except that a body the
   * client already cut short ({@code raw.truncated()}) ends quietly where its bytes end. A coding
   * this decoder does not know leaves the bytes as they came.
   *
   * @param headers the message headers, read for Content-Encoding
   * @param raw the bytes received, with the size the server sent and whether they are a prefix
   * @param cap decoded bytes kept at most
   */
  public static Result decode(Headers headers, Body raw, long cap) {
    List<String> codings = codings(headers);
    if (codings.isEmpty() || raw.isEmpty() || !KNOWN.containsAll(codings)) {
      return new Result.Decoded(raw);
    }
    Body current = raw;
    // Codings are listed in the order they were applied, so they are undone last first.
    for (int i = codings.size() - 1; i >= 0; i--) {
      Step step = undo(codings.get(i), current, cap);
      if (step instanceof Step.Failed failed) {
        return failed.corrupt();
      }
      current = ((Step.Done) step).body();
    }
    return new Result.Decoded(current);
  }

  /**
   * Decodes a body as a capture tool stored it. Browsers keep {@code Content-Encoding: gzip} but
   * store the decoded text, while Charles, Fiddler and some proxies keep the bytes as they
   * travelled; so a coding is only undone when the bytes really follow it (the gzip magic number, a
   * zlib header, binary data that inflates or unbrotlis). Bytes that carry the mark of a coding but
   * do not decode are corrupt; anything else stops the decoding and keeps what there is.
   *
   * @param headers the message headers, read for Content-Encoding
   * @param stored the bytes in the file, with their declared size and whether they are a prefix
   * @param cap decoded bytes kept at most
   */
  public static Result decodeStored(Headers headers, Body stored, long cap) {
    List<String> codings = codings(headers);
    Body current = stored;
    for (int i = codings.size() - 1; i >= 0 && !current.isEmpty(); i--) {
      String coding = codings.get(i);
      byte[] b = current.bytes();
      boolean marked;
      switch (coding) {
        case "gzip", "x-gzip" -> {
          if (!isGzip(b)) {
            return new Result.Decoded(current); // stored decoded already
          }
          marked = true;
        }
        case "deflate" -> {
          marked = isZlib(b);
          if (!marked && isUtf8(b)) {
            return new Result.Decoded(current); // text is never mistaken for raw deflate
          }
        }
        case "br" -> {
          if (isUtf8(b)) {
            return new Result.Decoded(current);
          }
          marked = false; // brotli has no magic number: binary that does not decode stays as is
        }
        default -> {
          return new Result.Decoded(current); // a coding we do not know
        }
      }
      Step step = undo(coding, current, cap);
      if (step instanceof Step.Failed failed) {
        return marked ? failed.corrupt() : new Result.Decoded(current);
      }
      current = ((Step.Done) step).body();
    }
    return new Result.Decoded(current);
  }

  /** The codings of Content-Encoding in the order applied, lower case, identity left out. */
  public static List<String> codings(Headers headers) {
    List<String> codings = null; // most bodies have no coding: no list, no splitting
    for (Header h : headers.entries()) {
      if (!h.is("Content-Encoding")) {
        continue;
      }
      for (String token : h.value().split(",")) {
        String c = token.trim().toLowerCase(Locale.ROOT);
        if (!c.isEmpty() && !c.equals("identity")) {
          if (codings == null) {
            codings = new ArrayList<>(1);
          }
          codings.add(c);
        }
      }
    }
    return codings == null ? List.of() : codings;
  }

  /** What undoing one coding gave. */
  private sealed interface Step {
    record Done(Body body) implements Step {}

    record Failed(String coding, String detail) implements Step {
      Result.Corrupt corrupt() {
        return new Result.Corrupt(coding, detail);
      }
    }
  }

  private static Step undo(String coding, Body in, long cap) {
    byte[] bytes = in.bytes();
    boolean prefix = in.truncated();
    Output out = new Output(cap, bytes.length);
    try {
      switch (coding) {
        case "gzip", "x-gzip" -> drain(new GZIPInputStream(new ByteArrayInputStream(bytes)), out);
        case "br" -> drain(new BrotliInputStream(new ByteArrayInputStream(bytes)), out);
        default -> inflate(bytes, out, prefix);
      }
    } catch (IOException | DataFormatException | RuntimeException e) {
      if (!prefix) {
        return new Step.Failed(
            coding, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
      // A prefix of an encoded body ends mid-stream; what decoded so far is kept.
    }
    byte[] kept = out.bytes();
    boolean truncated = prefix || out.overflowed();
    long size = Math.max(out.total(), kept.length);
    return new Step.Done(new Body(kept, size, truncated));
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
  private static void inflate(byte[] bytes, Output out, boolean prefix)
      throws DataFormatException, IOException {
    Inflater inflater = new Inflater(!isZlib(bytes));
    try {
      inflater.setInput(bytes);
      byte[] chunk = new byte[CHUNK];
      while (!inflater.finished() && !out.overflowed()) {
        int n = inflater.inflate(chunk);
        if (n > 0) {
          out.write(chunk, n);
        } else if (inflater.needsInput() || inflater.needsDictionary()) {
          if (!prefix) {
            throw new IOException("the deflate stream ends before its end marker");
          }
          return;
        }
      }
    } finally {
      inflater.end();
    }
  }

  private static boolean isGzip(byte[] b) {
    return b.length >= 10 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  private static boolean isZlib(byte[] b) {
    return b.length >= 2 && (b[0] & 0x0F) == 8 && (((b[0] & 0xFF) << 8) | (b[1] & 0xFF)) % 31 == 0;
  }

  private static boolean isUtf8(byte[] bytes) {
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
