package dev.spotter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Releases of real services, installed from their registries into a cache outside the work tree,
 * for the upgrade tests that run them. {@code .ci/real-services.sh} installs the same things into
 * the same places, so CI pays for the download once; a test installs whatever is missing itself.
 *
 * <p>The cache is {@code $SPOTTER_REAL_SERVICES_CACHE}, or {@code ~/.cache/spotter-real-services}.
 * An npm package is installed with {@code npm ci} from a package.json and lock file kept under
 * {@code src/test/resources/fixtures/realworld/npm/NAME-VERSION/}, so every transitive version is
 * pinned; its directory is named after the lock file's hash, so a changed lock file never finds a
 * stale install. A Maven artifact is copied from Maven Central by Maven itself. Each install goes
 * to a temporary directory first and is moved into place whole, under a file lock: a directory in
 * the cache is always complete.
 *
 * <p>A missing {@code node}, {@code npm} or {@code mvn} fails the test with a message saying so,
 * never skips it: CI installs them.
 */
public final class RealServices {
  private static final Path NPM_FIXTURES = Path.of("src/test/resources/fixtures/realworld/npm");
  private static final long INSTALL_MINUTES = 6;

  private RealServices() {}

  /** The cache directory, created when missing. */
  public static Path cache() {
    String configured = System.getenv("SPOTTER_REAL_SERVICES_CACHE");
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "spotter-real-services");
    try {
      return Files.createDirectories(dir).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the real-services cache " + dir, e);
    }
  }

  /**
   * The directory holding {@code node_modules} of the pinned npm install {@code fixtureName} (such
   * as {@code json-server-0.17.4}), installed first when missing. Fails when {@code node}, which is
   * needed to run it, is missing, even when the package is cached.
   */
  public static Path npmPackage(String fixtureName) {
    requireTool("node", "--version");
    Path fixture = NPM_FIXTURES.resolve(fixtureName);
    Path lock = fixture.resolve("package-lock.json");
    if (!Files.isRegularFile(lock) || !Files.isRegularFile(fixture.resolve("package.json"))) {
      throw new IllegalStateException("no package.json and package-lock.json in " + fixture);
    }
    Path target = cache().resolve("npm").resolve(fixtureName + "-" + shortHash(lock));
    if (Files.isDirectory(target)) {
      return target;
    }
    requireTool("npm", "--version");
    return installOnce(
        target,
        tmp -> {
          Files.copy(fixture.resolve("package.json"), tmp.resolve("package.json"));
          Files.copy(lock, tmp.resolve("package-lock.json"));
          run(
              tmp,
              List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
              "npm ci of " + fixtureName);
        });
  }

  /**
   * The jar of a Maven artifact {@code group:artifact:version[:classifier]}, copied into the cache
   * by {@code mvn dependency:copy} first when missing.
   */
  public static Path mavenJar(String coordinates) {
    String[] parts = coordinates.split(":");
    if (parts.length < 3 || parts.length > 4) {
      throw new IllegalArgumentException("group:artifact:version[:classifier]: " + coordinates);
    }
    String file = parts[1] + "-" + parts[2] + (parts.length == 4 ? "-" + parts[3] : "") + ".jar";
    Path dir = cache().resolve("maven").resolve(parts[0]).resolve(file.replace(".jar", ""));
    Path jar = dir.resolve(file);
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    requireTool("mvn", "--version");
    String artifact =
        parts[0]
            + ":"
            + parts[1]
            + ":"
            + parts[2]
            + ":jar"
            + (parts.length == 4 ? ":" + parts[3] : "");
    installOnce(
        dir,
        tmp ->
            run(
                tmp,
                List.of(
                    "mvn",
                    "-q",
                    "-B",
                    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                    "-Dartifact=" + artifact,
                    "-DoutputDirectory=" + tmp.toAbsolutePath()),
                "mvn dependency:copy of " + coordinates));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Maven copied " + coordinates + " but " + jar + " is missing");
    }
    return jar;
  }

  /** Fails, with what to install, when {@code tool} cannot be run. */
  public static void requireTool(String tool, String versionFlag) {
    try {
      Process p =
          new ProcessBuilder(tool, versionFlag)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
      p.destroyForcibly();
      throw new IllegalStateException(
          "'" + tool + " " + versionFlag + "' did not succeed" + missingToolHint(tool));
    } catch (IOException e) {
      throw new IllegalStateException(
          "'" + tool + "' is not on the PATH" + missingToolHint(tool), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking for " + tool, e);
    }
  }

  private static String missingToolHint(String tool) {
    return ": the upgrade tests of real services need node, npm and mvn (.ci/real-services.sh"
        + " installs them and the services on CI; on a developer machine install Debian's"
        + " 'nodejs' and 'npm' packages, or run that script as root). Missing: "
        + tool;
  }

  private interface Installer {
    void installInto(Path tmp) throws IOException, InterruptedException;
  }

  /** Installs into a fresh temporary directory, then moves it to {@code target} in one step. */
  private static Path installOnce(Path target, Installer installer) {
    Path parent = target.getParent();
    try {
      Files.createDirectories(parent);
      try (FileChannel channel =
              FileChannel.open(
                  cache().resolve(".install.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (Files.exists(target)) {
          return target; // another process installed it while this one waited for the lock
        }
        Path tmp = Files.createTempDirectory(parent, target.getFileName() + ".partial-");
        try {
          installer.installInto(tmp);
          try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            // .ci/real-services.sh takes no lock this JVM sees: it may have finished first
            if (!Files.isDirectory(target)) {
              throw e;
            }
          }
        } finally {
          deleteTree(tmp);
        }
        return target;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("installing " + target + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing " + target, e);
    }
  }

  private static void run(Path dir, List<String> command, String what)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("spotter-install-", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(
            what + " took more than " + INSTALL_MINUTES + " minutes:\n" + tail(log));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            what + " failed with exit code " + p.exitValue() + ":\n" + tail(log));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The last lines of a log file, for a message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static String shortHash(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(in.readAllBytes());
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(paths::add);
    }
    paths.sort(Comparator.reverseOrder());
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
