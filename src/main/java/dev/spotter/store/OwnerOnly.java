package dev.spotter.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Permissions for every file Spotter writes that may hold traffic (the store and its side files,
 * reports, exports): readable and writable by their owner only (rw-------), and directories Spotter
 * creates for them rwx------. Java has no umask, so each file is created with these permissions or
 * narrowed right after. On a file system without POSIX permissions (a FAT drive, Windows) nothing
 * is set and nothing fails.
 */
public final class OwnerOnly {
  /** rw------- */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** rwx------ */
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnly() {}

  /**
   * Narrows an existing file to rw-------; a missing file, one on a file system without POSIX
   * permissions, and one that belongs to another user (who alone may change its permissions: a
   * store shared on purpose) are left alone.
   */
  public static void narrow(Path file) throws IOException {
    if (Files.exists(file) && posix(file)) {
      try {
        Files.setPosixFilePermissions(file, FILE);
      } catch (FileSystemException notOwner) {
        // only the owner may change permissions; its choice stands
      }
    }
  }

  /**
   * Creates {@code file} empty and rw------- when it does not exist yet (so that whoever opens it
   * next, SQLite included, writes into a private file), or narrows it when it does.
   */
  public static void createOrNarrow(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        if (posix(file.toAbsolutePath().getParent())) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException raced) {
        // another process made it in between: narrowing below is all that is left to do
      }
    }
    narrow(file);
  }

  /**
   * Creates a directory and its missing parents as {@link Files#createDirectories} does; those it
   * creates are rwx------, those that exist already are left as they are (a shared /tmp, a home).
   */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return dir;
    }
    Path existing = absolute.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && posix(existing)) {
      FileAttribute<Set<PosixFilePermission>> attribute =
          PosixFilePermissions.asFileAttribute(DIRECTORY);
      Files.createDirectories(absolute, attribute);
    } else {
      Files.createDirectories(absolute);
    }
    return dir;
  }

  private static boolean posix(Path path) throws IOException {
    return path != null
        && Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
