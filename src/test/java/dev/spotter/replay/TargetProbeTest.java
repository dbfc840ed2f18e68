package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.SpotterException;
import dev.spotter.testsupport.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetProbeTest {
  private static final String NOWHERE = "http://spotter-probe.invalid:8080";

  /** A port on the loopback interface where nothing listens any more. */
  private static SpotterException probeFailure(ReplaySettings settings) {
    return catchThrowableOfType(
        SpotterException.class, () -> TargetProbe.requireReachable(settings));
  }

  @Test
  void targetsThatListenPassWithoutARequestBeingSent() {
    try (RecordingServer p = RecordingServer.echoingPath();
        RecordingServer s = RecordingServer.echoingPath();
        RecordingServer c = RecordingServer.echoingPath()) {
      assertThatCode(
              () -> TargetProbe.requireReachable(ReplaySettings.of(p.url(), s.url(), c.url())))
          .doesNotThrowAnyException();
      assertThat(p.received()).isEmpty();
      assertThat(c.received()).isEmpty();
    }
  }

  @Test
  void aHostThatDoesNotResolveIsNamedWithItsRoleAndUrl() {
    try (RecordingServer p = RecordingServer.echoingPath()) {
      SpotterException e = probeFailure(ReplaySettings.of(p.url(), null, NOWHERE));
      assertThat(e.code()).isEqualTo("check.unreachable");
      assertThat(e.getMessage())
          .isEqualTo(
              "the candidate at "
                  + NOWHERE
                  + " cannot be reached: host 'spotter-probe.invalid' does not resolve");
    }
  }

  @Test
  void aPortWhereNothingListensIsRefused() throws IOException {
    int port = Ports.closed();
    String url = "http://127.0.0.1:" + port;
    try (RecordingServer c = RecordingServer.echoingPath()) {
      SpotterException e = probeFailure(ReplaySettings.of(url, null, c.url()));
      assertThat(e.getMessage())
          .isEqualTo(
              "the primary at "
                  + url
                  + " cannot be reached: nothing listens on 127.0.0.1:"
                  + port
                  + " (connection refused)");
    }
  }

  @Test
  void everyUnreachableTargetIsInOneMessageAndASharedOneIsNamedOnce() throws IOException {
    String refused = "http://127.0.0.1:" + Ports.closed();
    try (RecordingServer p = RecordingServer.echoingPath()) {
      SpotterException e = probeFailure(ReplaySettings.of(refused, refused + "/v2", NOWHERE));
      assertThat(e.getMessage())
          .startsWith("the primary and secondary at " + refused + " cannot be reached: nothing")
          .contains("; the candidate at " + NOWHERE + " cannot be reached: host ")
          .doesNotContain("\n");
    }
  }

  @Test
  void aServerThatNeverAcceptsIsNoAnswerWithinTheTimeout() throws IOException {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
      // Linux drops new connection attempts once the accept queue is full: fill it
      List<Socket> queued = new ArrayList<>();
      try {
        boolean filled = false;
        for (int i = 0; i < 16 && !filled; i++) {
          Socket s = new Socket();
          queued.add(s);
          try {
            s.connect(address, 200);
          } catch (SocketTimeoutException queueIsFull) {
            filled = true;
          }
        }
        // A kernel that never drops connection attempts cannot stage this; skip rather than lie.
        org.junit.jupiter.api.Assumptions.assumeTrue(filled, "the accept queue never filled");
        String url = "http://127.0.0.1:" + full.getLocalPort();
        try (RecordingServer p = RecordingServer.echoingPath()) {
          SpotterException e =
              probeFailure(
                  ReplaySettings.of(p.url(), null, url).withTimeout(Duration.ofMillis(300)));
          assertThat(e.getMessage())
              .isEqualTo("the candidate at " + url + " cannot be reached: no answer within 300 ms");
        }
      } finally {
        for (Socket s : queued) {
          s.close();
        }
      }
    }
  }

  @Test
  void waitsAreWrittenTheWayPeopleSayThem() {
    assertThat(TargetProbe.human(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(TargetProbe.human(Duration.ofMillis(1500))).isEqualTo("1500 ms");
  }
}
