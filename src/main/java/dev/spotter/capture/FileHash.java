package dev.spotter.capture;

import dev.spotter.model.SpotterException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a file's bytes, the identity of an import: the same bytes are the same file. */
final class FileHash {
  private FileHash() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Lower-case hex of a finished digest. */
  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Reads the file once from start to end and returns the SHA-256 of its bytes. */
  static String sha256(Path file) {
    MessageDigest digest = newDigest();
    try (InputStream in = open(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    return hex(digest);
  }

  /** Opens a file to import, with the error every import gives for a file it cannot open. */
  static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw HarReader.cannotOpen(file, e);
    }
  }

  /**
   * The stream with a close that does nothing: parsers close their input at its end, and the rest
   * must still be read into the digest.
   */
  static InputStream unclosable(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  /** Reads what is left of a stream, so a digest over it covers the whole file. */
  static void drain(InputStream in, Path file) {
    try {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  static SpotterException unreadable(Path file, IOException e) {
    return new SpotterException(
        "import.unreadable", file.getFileName() + ": reading failed: " + e.getMessage(), false, e);
  }
}
