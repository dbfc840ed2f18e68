package dev.spotter.capture;

import dev.spotter.model.SpotterException;
import dev.spotter.proxy.EventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The secret key of the HMAC-SHA256 that turns a redacted value into its placeholder. Because the
 * placeholder is keyed, the same secret gets the same placeholder wherever the same key is used,
 * yet nobody without the key can test guesses of a short password against it.
 *
 * <p>The key is never written beside the data. {@link #resolve} takes it from the environment
 * variable {@code SPOTTER_REDACTION_KEY}, else from a per-user key file {@code redaction.key} under
 * {@code $XDG_CONFIG_HOME/spotter/} (or {@code ~/.config/spotter/}), created readable by its owner
 * only on first use, else (no writable home) from a random key for this process alone.
 *
 * @param source where the key came from, for messages (never the key itself)
 */
public record RedactionKey(byte[] bytes, String source) {
  /** The environment variable that gives the key. */
  public static final String ENV = "SPOTTER_REDACTION_KEY";

  static final String FILE_NAME = "redaction.key";
  private static final int MIN_ENV_LENGTH = 16;
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  public RedactionKey {
    bytes = bytes.clone();
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a redaction key cannot be empty");
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "RedactionKey[" + source + "]"; // never the bytes
  }

  /** A random key for this process alone, the same for every redactor of the process. */
  public static RedactionKey perProcess() {
    return PerProcess.KEY;
  }

  /**
   * The key from {@code SPOTTER_REDACTION_KEY}, else the user's key file (made on first use), else
   * {@link #perProcess()} with a warning when the key file can neither be read nor made.
   *
   * @param env the process environment
   * @param userHome the user's home directory, for {@code ~/.config} when {@code XDG_CONFIG_HOME}
   *     is not set
   */
  public static RedactionKey resolve(Map<String, String> env, String userHome) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (fromEnv.strip().length() < MIN_ENV_LENGTH) {
        throw new SpotterException(
            "redaction.key",
            ENV
                + " is too short: give at least "
                + MIN_ENV_LENGTH
                + " characters, for example the output of `openssl rand -hex 32`");
      }
      return new RedactionKey(fromEnv.strip().getBytes(StandardCharsets.UTF_8), "$" + ENV);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path dir =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg, "spotter")
            : Path.of(userHome, ".config", "spotter");
    try {
      return fromFile(dir.resolve(FILE_NAME));
    } catch (IOException e) {
      EventLog.warn(
          "redaction.key_unavailable",
          "file",
          dir.resolve(FILE_NAME),
          "error",
          e.toString(),
          "using",
          "a random key for this process: placeholders will differ from other runs");
      return perProcess();
    }
  }

  /** Reads the key file, or makes it (owner-only) when it does not exist yet. */
  static RedactionKey fromFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      create(file);
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    byte[] key;
    try {
      key = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length < 16) {
      throw new SpotterException(
          "redaction.key",
          file
              + " does not hold a redaction key (64 hex digits): remove it and Spotter makes a new"
              + " one, or set "
              + ENV
              + "; placeholders then differ from those of earlier recordings");
    }
    return new RedactionKey(key, file.toString());
  }

  private static void create(Path file) throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } catch (UnsupportedOperationException notPosix) {
        Files.createDirectories(dir);
      }
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path temp;
    try {
      temp =
          Files.createTempFile(
              dir, ".redaction", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    } catch (UnsupportedOperationException notPosix) {
      temp = Files.createTempFile(dir, ".redaction", ".tmp");
    }
    try {
      Files.writeString(temp, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
      // a hard link never replaces: when another process made the file first, its key is the one
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException raced) {
      // read theirs below
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static final class PerProcess {
    static final RedactionKey KEY;

    static {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      KEY = new RedactionKey(key, "a random key of this process");
    }
  }
}
