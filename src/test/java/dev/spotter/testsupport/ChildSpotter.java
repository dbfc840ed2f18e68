package dev.spotter.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real command line in a process of its own, for what only a separate process can show: how it
 * takes SIGTERM, and what a SIGKILL leaves behind. Output goes to files, which keep what a killed
 * process wrote.
 */
public final class ChildSpotter implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private ChildSpotter(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code spotter ARGS} with this test's class path; output under {@code dir}. */
  public static ChildSpotter start(Path dir, String... args) throws IOException {
    return startUnder(List.of(), dir, args);
  }

  /**
   * Starts {@code spotter ARGS} under a supervising command, such as {@code timeout 5}, which then
   * owns the signals the process gets.
   */
  public static ChildSpotter startUnder(List<String> supervisor, Path dir, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(supervisor);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.spotter.cli.Main");
    command.addAll(List.of(args));
    Path out = dir.resolve("child-stdout.txt");
    Path err = dir.resolve("child-stderr.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new ChildSpotter(p, out, err);
  }

  /** SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The exit code, waiting at most {@code seconds}; -1 when it is still running. */
  public int waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String out() throws IOException {
    return Files.readString(out);
  }

  public String err() throws IOException {
    return Files.readString(err);
  }

  /** What it printed so far, for assertion messages. */
  public String printed() {
    try {
      return "--- stdout\n" + out() + "\n--- stderr\n" + err();
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
