package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structured event lines, as they reach stderr through the project's SLF4J binding. */
class EventLogTest {
  /** Runs {@code body} with stderr captured; returns the lines it printed. */
  private static List<String> stderrOf(Runnable body) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void oneTargetFailingOnEveryRequestDoesNotHideAnotherTargetsFailure() {
    String event = "test.mirror_failed_" + System.nanoTime(); // a window of its own
    List<String> lines =
        stderrOf(
            () -> {
              for (int i = 0; i < 50; i++) {
                EventLog.sampled(event, "target", "candidate", "error", "refused");
              }
              EventLog.sampled(event, "target", "secondary", "error", "timed out");
            });

    assertThat(lines).filteredOn(l -> l.contains("event=" + event)).hasSize(2);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("target=candidate error=refused"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("target=secondary"));
  }

  @Test
  void anEventWithoutTargetIsStillLimitedToOneLineASecond() {
    String event = "test.malformed_" + System.nanoTime();
    List<String> lines =
        stderrOf(
            () -> {
              for (int i = 0; i < 50; i++) {
                EventLog.sampled(event, "client", "10.0.0." + i);
              }
            });

    assertThat(lines).filteredOn(l -> l.contains("event=" + event)).hasSize(1);
  }

  @Test
  void aRequestTargetIsLoggedWithoutItsQueryCredentialsOrHost() {
    assertThat(EventLog.pathOnly("/packages?access_token=tok-42")).isEqualTo("/packages?...");
    assertThat(EventLog.pathOnly("http://alice:pw@prod:8080/orders/7?api_key=k#top"))
        .isEqualTo("/orders/7?...");
    assertThat(EventLog.pathOnly("https://prod")).isEqualTo("/");
    assertThat(EventLog.pathOnly("/orders/7")).isEqualTo("/orders/7");
    assertThat(EventLog.pathOnly("/go#frag")).isEqualTo("/go?...");
  }
}
