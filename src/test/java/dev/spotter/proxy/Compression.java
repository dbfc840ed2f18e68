package dev.spotter.proxy;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Compresses test bodies the ways servers and capture tools do. */
public final class Compression {
  private Compression() {}

  public static byte[] gzip(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Deflate with the zlib wrapper RFC 9110 asks for, or raw as some servers send it. */
  public static byte[] deflate(byte[] in, boolean zlibWrapped) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, !zlibWrapped);
    d.setInput(in);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  public static byte[] brotli(byte[] in) {
    Brotli4jLoader.ensureAvailability();
    try {
      return Encoder.compress(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first half of the bytes: a stream cut short. */
  public static byte[] firstHalf(byte[] in) {
    return Arrays.copyOf(in, in.length / 2);
  }
}
