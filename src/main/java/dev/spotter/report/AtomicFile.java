package dev.spotter.report;

import dev.spotter.model.SpotterException;
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
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes a file by writing a temporary file beside it, forcing it to disk and moving it into place,
 * so that a report cut short (a full disk, a killed process) never replaces a good one.
 */
final class AtomicFile {
  private AtomicFile() {}

  /** Writes {@code target} as UTF-8 from what {@code content} writes; returns the target. */
  static Path write(Path target, Consumer<Writer> content) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      readableLike(target, temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream stream = Channels.newOutputStream(channel);
          Writer writer =
              new BufferedWriter(
                  new OutputStreamWriter(
                      stream,
                      StandardCharsets.UTF_8
                          .newEncoder()
                          .onMalformedInput(CodingErrorAction.REPLACE)
                          .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                  64 * 1024)) {
        content.accept(writer);
        writer.flush();
        channel.force(true);
      }
      move(temp, target);
      temp = null;
      return target;
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new SpotterException(
          "report.write_failed", "cannot write " + target + ": " + cause.getMessage(), true, cause);
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
   * Temporary files are private to their owner; a report is meant to be read by others (CI artifact
   * uploaders, a web server), so it gets the permissions of the file it replaces, or rw-r--r-- when
   * new.
   */
  private static void readableLike(Path target, Path temp) throws IOException {
    if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> permissions =
        Files.exists(target)
            ? Files.getPosixFilePermissions(target)
            : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(temp, permissions);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
