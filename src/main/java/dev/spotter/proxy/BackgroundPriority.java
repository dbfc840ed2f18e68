package dev.spotter.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Spotter's own background work (writing recordings, mirroring, judging) at a lower operating
 * system priority than forwarding clients' requests. While there is CPU to spare this changes
 * nothing; when the CPU is short, the scheduler serves the proxy's threads first, the background
 * falls behind, and its bounded queues shed work (counted) instead of the clients waiting. Java has
 * no per-thread priority on Linux, so the calling thread asks {@code renice} for a niceness of
 * {@value #NICE}, which any user may do to their own threads. Best effort: where there is no {@code
 * /proc/thread-self} or no {@code renice}, threads keep the usual priority.
 */
public final class BackgroundPriority {
  /** The niceness background threads take: a tenth of the CPU share of a normal thread. */
  public static final int NICE = 10;

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; call it first thing in a background thread. */
  public static void lowerCurrentThread() {
    try {
      // "/proc/thread-self" points at "<pid>/task/<tid>": the kernel's id of this very thread
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!renice.waitFor(5, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      LOG.debug("background threads keep their priority: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Threads from {@code factory} that lower their own priority before they run anything. */
  public static ThreadFactory lowered(ThreadFactory factory) {
    return r ->
        factory.newThread(
            () -> {
              lowerCurrentThread();
              r.run();
            });
  }
}
