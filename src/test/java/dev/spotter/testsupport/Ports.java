package dev.spotter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for tests that must name a port before the server that takes it starts. */
public final class Ports {
  private Ports() {}

  /** A port free right now on 127.0.0.1 (the kernel does not hand it out again at once). */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A port on 127.0.0.1 where nothing listens, for tests of a refused connection. It lies below the
   * kernel's ephemeral range, so no outgoing connection takes it as its own port: on loopback a
   * client connecting to a closed ephemeral port can be handed that very port and connect to
   * itself, and the "refused" target answers.
   */
  public static int closed() {
    int below = ephemeralLow();
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 10_000 + random.nextInt(Math.max(1, below - 10_000));
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // someone listens there: try another
      }
    }
    throw new IllegalStateException("no closed port found below " + below);
  }

  /** The first port of the kernel's ephemeral range (Linux default 32768). */
  private static int ephemeralLow() {
    try {
      String range =
          java.nio.file.Files.readString(
                  java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > 11_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** Waits until something accepts connections on the port; false when it never did. */
  public static boolean awaitListening(int port, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return true;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    return false;
  }
}
