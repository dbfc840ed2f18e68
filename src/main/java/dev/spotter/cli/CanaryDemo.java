package dev.spotter.cli;

import dev.spotter.demo.CanaryUsers;
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code spotter demo --canary}: a real canary release of the sample service's new build, end to
 * end: the old build as baseline, the new one as canary, {@code spotter canary} in front of them
 * with short steps, and a few hundred demo users sending the demo's traffic through it. The new
 * build answers 500 where the old one answered 404, so the judge should roll it back by itself.
 */
final class CanaryDemo {
  private CanaryDemo() {}

  /**
   * @param store the store's path or JDBC URL, handed to {@code spotter canary}
   */
  static int run(String store, Path reportDir, long seed) {
    System.out.println(
        "Spotter canary demo: the new build of the orders service meets real users.");
    try (LegacyOrdersService baseline = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService canary = LegacyOrdersService.start(Build.NEW, 0)) {
      System.out.println("  started old build (baseline)  " + baseline.baseUri());
      System.out.println("  started new build (canary)    " + canary.baseUri());
      int port = freePort();
      String[] args = {
        "canary",
        "--listen",
        "127.0.0.1:" + port,
        "--admin",
        "off",
        "--baseline",
        baseline.baseUri().toString(),
        "--canary",
        canary.baseUri().toString(),
        "--name",
        "demo-canary-" + System.currentTimeMillis() / 1000,
        "--key",
        "header:" + CanaryUsers.USER_HEADER,
        "--steps",
        "5,25,50,100",
        "--step-duration",
        "5s",
        "--judge-every",
        "500ms",
        "--drain-timeout",
        "2s",
        "--store",
        store,
        "--report",
        reportDir.toString()
      };
      System.out.println(
          "  running: spotter canary --baseline OLD --canary NEW --key header:"
              + CanaryUsers.USER_HEADER
              + " --steps 5,25,50,100 --step-duration 5s");
      System.out.println();
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.execute(args));
      awaitListening(port, exit);
      int code;
      try (CanaryUsers users =
          new CanaryUsers(
                  URI.create("http://127.0.0.1:" + port), 6, 500, seed, Duration.ofSeconds(90))
              .start()) {
        code = exit.get(120, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new SpotterException("demo.canary", "the canary demo did not finish: " + e, true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SpotterException("demo.interrupted", "the canary demo was interrupted", true, e);
      }
      System.out.println();
      if (code == ExitCode.REGRESSIONS) {
        System.out.println(
            "The canary was rolled back by itself, as it should be: the new build answers 500"
                + " where the old one answered 404 (GET /customers/{id}/orders for an unknown"
                + " customer). Open "
                + reportDir.resolve("report.html")
                + " for the judge's figures.");
        return ExitCode.OK;
      }
      System.out.println(
          "The canary was not rolled back (exit code " + code + "); the demo expected it to be.");
      return ExitCode.REGRESSIONS;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new SpotterException("demo.port", "no free port for the canary: " + e.getMessage());
    }
  }

  private static void awaitListening(int port, CompletableFuture<Integer> exit) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !exit.isDone()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    throw new SpotterException(
        "demo.canary", "the canary proxy did not start" + (exit.isDone() ? " (it exited)" : ""));
  }
}
