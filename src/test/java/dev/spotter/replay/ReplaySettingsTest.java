package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {
  private static final String OK = "http://127.0.0.1:8080";

  private static void rejected(Runnable make, String messagePart) {
    assertThatThrownBy(make::run)
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining(messagePart)
        .satisfies(e -> assertThat(((SpotterException) e).code()).isEqualTo("replay.settings"));
  }

  @Test
  void defaultsAreSafe() {
    ReplaySettings s = ReplaySettings.of(OK, "", "https://new.example/api");
    assertThat(s.hasSecondary()).isFalse();
    assertThat(s.concurrency()).isEqualTo(16);
    assertThat(s.ratePerSecond()).isZero();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.allowSideEffects()).isFalse();
    assertThat(s.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(s.clientSettings().maxConnectionsPerTarget()).isEqualTo(48);
  }

  @Test
  void namesTheUrlAndWhatIsWrongWithIt() {
    rejected(() -> ReplaySettings.of("ftp://old", null, OK), "the primary URL 'ftp://old'");
    rejected(() -> ReplaySettings.of(OK, "http://", OK), "secondary");
    rejected(() -> ReplaySettings.of(OK, null, "http://u:p@new"), "credentials");
    rejected(() -> ReplaySettings.of(OK, null, "http://new/?x=1"), "query");
    rejected(() -> ReplaySettings.of(OK, null, "new:8080"), "http:// or https://");
    rejected(() -> ReplaySettings.of(OK, null, null), "empty");
  }

  @Test
  void aUrlWithAPasswordIsRefusedWithoutRepeatingThePassword() {
    assertThatThrownBy(() -> ReplaySettings.of(OK, null, "http://deploy:s3cr3t-pw@new:8080/api"))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("'http://[credentials]@new:8080/api'")
        .hasMessageNotContaining("s3cr3t-pw")
        .hasMessageNotContaining("deploy");
  }

  @Test
  void rejectsBoundsThatCannotWork() {
    ReplaySettings s = ReplaySettings.of(OK, null, OK);
    rejected(() -> s.withConcurrency(0), "concurrency");
    rejected(() -> s.withRatePerSecond(-1), "rate");
    rejected(() -> s.withRatePerSecond(Double.NaN), "rate");
    rejected(() -> s.withTimeout(Duration.ZERO), "timeout");
    rejected(() -> s.withMaxBodyBytes(0), "body cap");
    rejected(() -> s.withOverrideHeaders(Headers.of("Host", "x")), "Host");
    rejected(
        () -> s.withOverrideHeaders(Headers.of("Transfer-Encoding", "chunked")),
        "Transfer-Encoding");
    rejected(() -> s.withOverrideHeaders(Headers.of("Bad Name", "x")), "token");
    rejected(() -> s.withOverrideHeaders(Headers.of("X-A", "a\nb")), "X-A");
  }

  @Test
  void theHostIsChosenWithHostNotSetAsAHeader() {
    ReplaySettings s = ReplaySettings.of(OK, null, OK);
    rejected(() -> s.withOverrideHeaders(Headers.of("Host", "x")), "--host target|recorded|VALUE");
    assertThat(s.host()).isEqualTo(HostChoice.TARGET);
    assertThat(HostChoice.parse("Recorded")).isEqualTo(HostChoice.RECORDED);
    assertThat(HostChoice.parse("registry.example.com:4873").value())
        .isEqualTo("registry.example.com:4873");
    assertThat(HostChoice.parse("[::1]:8080").toString()).isEqualTo("[::1]:8080");
    rejected(() -> HostChoice.parse("a b"), "is not a host name");
    rejected(() -> HostChoice.parse("host:http"), "is not a host name");
    rejected(() -> HostChoice.parse("host:70000"), "is not a host name");
    rejected(() -> HostChoice.parse(""), "--host needs");
  }
}
