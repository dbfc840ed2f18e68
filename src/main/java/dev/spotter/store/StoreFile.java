package dev.spotter.store;

import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Checks made on the store's path before SQLite is asked to open it. */
final class StoreFile {
  /** Every SQLite 3 database file starts with these 16 bytes. */
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private StoreFile() {}

  /**
   * Creates the parent directories (rwx------ for those it creates) and the store file (rw-------),
   * and refuses paths that cannot be a Spotter store.
   */
  static Path prepare(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new SpotterException(
          "store.unreadable", absolute + " is a directory, not a Spotter store file");
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      try {
        OwnerOnly.createDirectories(parent);
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
    makePrivate(absolute);
    return absolute;
  }

  /** The side files SQLite keeps beside a store, which hold its pages (and so traffic) too. */
  static final List<String> SIDE_SUFFIXES = List.of("-wal", "-shm", "-journal");

  /**
   * Makes the store file readable by its owner only, creating it empty when missing: SQLite gives
   * the side files it creates later (-wal, -shm, -journal) the permissions of the store file, so
   * they are private from their first byte. Side files left by an older Spotter are narrowed too.
   */
  private static void makePrivate(Path file) {
    try {
      OwnerOnly.createOrNarrow(file);
      for (String suffix : SIDE_SUFFIXES) {
        OwnerOnly.narrow(file.resolveSibling(file.getFileName() + suffix));
      }
    } catch (IOException e) {
      throw new SpotterException(
          "store.unwritable",
          "cannot make the store " + file + " readable by its owner only: " + describe(e),
          false,
          e);
    }
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
