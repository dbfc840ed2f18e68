package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Background threads really run nicer than the rest, where Linux lets them. */
class BackgroundPriorityTest {

  /** Field 19 of /proc/thread-self/stat: the calling thread's niceness. */
  private static int ownNice() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  @Test
  void threadsFromALoweredFactoryRunAtTheBackgroundNicenessAndOthersDoNot() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux /proc");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/renice"))
            || Files.isExecutable(Path.of("/bin/renice")),
        "renice installed");
    ThreadFactory plain = Thread::new;
    var background = Executors.newSingleThreadExecutor(BackgroundPriority.lowered(plain));
    var normal = Executors.newSingleThreadExecutor(plain);
    try {
      int lowered =
          CompletableFuture.supplyAsync(this::niceOrFail, background).get(10, TimeUnit.SECONDS);
      int usual = CompletableFuture.supplyAsync(this::niceOrFail, normal).get(10, TimeUnit.SECONDS);
      assertThat(lowered).isGreaterThanOrEqualTo(BackgroundPriority.NICE);
      if (usual < BackgroundPriority.NICE) {
        assertThat(usual).as("only the background thread was lowered").isLessThan(lowered);
      }
    } finally {
      background.shutdownNow();
      normal.shutdownNow();
    }
  }

  private int niceOrFail() {
    try {
      return ownNice();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
