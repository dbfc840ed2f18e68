package dev.spotter.report;

import dev.spotter.model.SpotterException;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Writes a file by writing a temporary file beside it, forcing it to disk and moving it into place,
 * so that a file cut short (a full disk, a killed process, a writer that throws) never replaces a
 * good one and never leaves half a file behind. Used for the reports and for exported traffic.
 */
public final class AtomicFile {
  private static final int BUFFER = 64 * 1024;

  /** What goes into the file. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the file's bytes to {@code out}, which is buffered. Closing it is not needed and does
     * not close the file: it is forced to disk and moved into place after this returns.
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Writes {@code target} from what {@code content} writes: to a temporary file in the same
   * directory, forced to disk, then moved over the target (atomically where the file system can).
   * The file is readable by its owner only (rw-------), a replaced one too, since reports and
   * exports may hold traffic; on a file system without POSIX permissions none are set.
   *
   * @return the target
   * @throws SpotterException {@code report.write_failed}, naming the file and why, when the file
   *     cannot be written or {@code content} fails with an {@link IOException} or an {@link
   *     UncheckedIOException}; the target is then as it was and no temporary file is left
   */
  public static Path write(Path target, Content content) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw failed(target, "it is a directory", null);
    }
    Path temp = null;
    try {
      // rw------- from its creation on POSIX file systems: it may hold traffic
      temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        BufferedOutputStream out =
            new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        content.writeTo(new KeptOpen(out));
        out.flush();
        channel.force(true);
      }
      move(temp, absolute);
      temp = null;
      return target;
    } catch (IOException e) {
      throw failed(target, why(e, dir), e);
    } catch (UncheckedIOException e) {
      throw failed(target, why(e.getCause(), dir), e.getCause());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The temporary file is hidden and named after its target; leaving it is harmless.
        }
      }
    }
  }

  /**
   * Writes {@code target} as UTF-8 from what {@code content} writes; characters UTF-8 cannot hold
   * (lone surrogates) are replaced rather than failing the write.
   */
  static Path writeText(Path target, Consumer<Writer> content) {
    return write(
        target,
        out -> {
          Writer writer =
              new BufferedWriter(
                  new OutputStreamWriter(
                      out,
                      StandardCharsets.UTF_8
                          .newEncoder()
                          .onMalformedInput(CodingErrorAction.REPLACE)
                          .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                  BUFFER);
          content.accept(writer);
          writer.flush();
        });
  }

  private static SpotterException failed(Path target, String why, IOException cause) {
    return new SpotterException(
        "report.write_failed", "cannot write " + target + ": " + why, true, cause);
  }

  /** Why a write failed, in words: the JDK's messages for file errors are often just a path. */
  private static String why(IOException e, Path dir) {
    if (e instanceof NoSuchFileException && dir != null && !Files.isDirectory(dir)) {
      return "the directory " + dir + " does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The stream given to content: closing it flushes, so the file stays open to be forced. */
  private static final class KeptOpen extends OutputStream {
    private final OutputStream out;

    KeptOpen(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
