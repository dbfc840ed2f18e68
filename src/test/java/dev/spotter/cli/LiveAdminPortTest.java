package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestHttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two live commands on one machine: the second finds the admin port taken and stops at once, before
 * it listens for traffic or touches the store, saying which port and how to choose another; it
 * never suggests that trying again could help.
 */
class LiveAdminPortTest {
  private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void recordOnATakenDefaultAdminPortStopsAtOnceNamingThePortAndTheWayOut() throws IOException {
    try (TestHttpServer target =
            TestHttpServer.start(ex -> TestHttpServer.respond(ex, 200, "text/plain", OK));
        ServerSocket taken = occupy(9901)) {
      int listen = Ports.free();
      long start = System.nanoTime();
      Cli.Result r =
          Cli.run(
              "record",
              "--target",
              target.baseUri().toString(),
              "--listen",
              "127.0.0.1:" + listen,
              "--store",
              dir.resolve("s.db").toString(),
              "--duration",
              "30s");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertStoppedAtOnce(r, took, "127.0.0.1:9901");
      assertThat(r.out()).as("it never started recording").doesNotContain("listening");
    }
  }

  @Test
  void shadowOnAnAdminPortGivenAndTakenStopsAtOnceTheSameWay() throws IOException {
    try (TestHttpServer one =
            TestHttpServer.start(ex -> TestHttpServer.respond(ex, 200, "text/plain", OK));
        ServerSocket taken = occupy(0)) {
      String admin = "127.0.0.1:" + taken.getLocalPort();
      long start = System.nanoTime();
      Cli.Result r =
          Cli.run(
              "shadow",
              "--listen",
              "127.0.0.1:" + Ports.free(),
              "--primary",
              one.baseUri().toString(),
              "--secondary",
              one.baseUri().toString(),
              "--candidate",
              one.baseUri().toString(),
              "--store",
              dir.resolve("s.db").toString(),
              "--report",
              dir.resolve("report").toString(),
              "--admin",
              admin,
              "--duration",
              "30s");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertStoppedAtOnce(r, took, admin);
    }
  }

  /** Exit 2 at once, before the store, with the port and both ways out, and no retry advice. */
  private void assertStoppedAtOnce(Cli.Result r, Duration took, String admin) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .as(r.toString())
        .contains("the admin port " + admin + " is in use")
        .contains("--admin HOST:PORT")
        .contains("--admin off")
        .doesNotContain("tried again");
    assertThat(took).as("it fails at once, not after its --duration").isLessThan(secs(10));
    assertThat(dir.resolve("s.db")).as("it never opened the store").doesNotExist();
  }

  /**
   * Listens on {@code port} of 127.0.0.1 (0: any). When something on this machine holds it already
   * (another live Spotter, say), the port is taken all the same, which is what the test needs: the
   * socket is returned unbound then, only to be closed.
   */
  private static ServerSocket occupy(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
    } catch (BindException alreadyTaken) {
      // taken by someone else: as good for this test
    }
    return s;
  }

  private static Duration secs(int n) {
    return Duration.ofSeconds(n);
  }
}
