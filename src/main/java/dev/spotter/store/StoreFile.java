package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Checks made on the store's path before SQLite is asked to open it. */
final class StoreFile {
  /** Every SQLite 3 database file starts with these 16 bytes. */
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private StoreFile() {}

  /** Creates the parent directories and refuses paths that cannot be a Spotter store. */
  static Path prepare(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new SpotterException(
          "store.unreadable", absolute + " is a directory, not a Spotter store file");
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new SpotterException(
            "store.unwritable",
            "cannot create the directory "
                + parent
                + " for the store "
                + absolute
                + ": "
                + describe(parent, e),
            false,
            e);
      }
    }
    if (Files.exists(absolute)) {
      checkHeader(absolute);
    }
    return absolute;
  }

  private static void checkHeader(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(SQLITE_HEADER.length);
    } catch (IOException e) {
      throw new SpotterException(
          "store.unreadable", "cannot read the store " + file + ": " + describe(e), false, e);
    }
    // An empty file is what SQLite itself leaves when a database is created but never written.
    if (head.length > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
      throw new SpotterException(
          "store.unreadable", file + " is not a Spotter store: it is not an SQLite database");
    }
  }

  private static String describe(Path wanted, IOException e) {
    for (Path p = wanted; p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        return p + " exists and is not a directory";
      }
    }
    return describe(e);
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getFile() + ": " + fs.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied on " + denied.getFile();
    }
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + " " + e.getMessage();
  }
}
