package dev.spotter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real server started as a child process on a loopback port, for as long as a test needs it.
 * Its output goes to a log file whose end is shown when it does not come up. {@link #close()} stops
 * it with SIGTERM and then SIGKILL, children first (a launcher such as npx or a shell script leaves
 * the real server as its child), and a shutdown hook does the same if the test JVM ends first.
 */
public final class ServiceProcess implements AutoCloseable {
  private final String name;
  private final int port;
  private final Process process;
  private final Path log;
  private final Thread reaper;

  private ServiceProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
    this.reaper = new Thread(this::stop, "stop " + name);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts {@code command} in {@code workDir}; it must serve HTTP on 127.0.0.1:{@code port}. Does
   * not wait: call {@link #awaitReady} (start several first, then wait for each).
   */
  public static ServiceProcess start(String name, List<String> command, Path workDir, int port) {
    try {
      Path log = workDir.resolve(name + ".log");
      Process p =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      return new ServiceProcess(name, port, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Waits until {@code probePath} gets an HTTP answer (any status); fails with the log's end. */
  public ServiceProcess awaitReady(String probePath, Duration within) throws InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with code "
                + process.exitValue()
                + " before it answered:\n"
                + logTail());
      }
      try {
        client.send(
            HttpRequest.newBuilder(baseUri().resolve(probePath))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        return this;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        name + " did not answer on port " + port + " within " + within + ":\n" + logTail());
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String name() {
    return name;
  }

  /** The last lines the process printed. */
  public String logTail() {
    return RealServices.tail(log);
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }

  private void stop() {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return name + " at " + baseUri();
  }

  /** A copy of a fixture file or directory tree into a process's working directory. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
