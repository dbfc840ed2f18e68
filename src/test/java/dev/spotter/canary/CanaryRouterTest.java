package dev.spotter.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.RequestHead;
import dev.spotter.proxy.RoutedOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryRouterTest {
  /** A request head as the proxy would show it. */
  static final class Head implements RequestHead {
    final Map<String, String> headers = new HashMap<>();
    final Map<String, String> cookies = new HashMap<>();
    String client = "10.0.0.1";
    long tag;

    Head header(String name, String value) {
      headers.put(name.toLowerCase(), value);
      return this;
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String uri() {
      return "/";
    }

    @Override
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    @Override
    public String cookie(String name) {
      return cookies.get(name);
    }

    @Override
    public String clientAddress() {
      return client;
    }

    @Override
    public void tag(long value) {
      tag = value;
    }
  }

  private static CanaryRouter router(RoutingKey key) {
    return new CanaryRouter(
        ForwardTarget.parse("http://127.0.0.1:9/"),
        key,
        "salt",
        "X-Spotter-Canary",
        List.of(),
        List.of(),
        null);
  }

  @Test
  void rampingOnlyAddsUsersToTheCanaryAndNobodyFlipsBack() {
    CanaryRouter r = router(RoutingKey.parse("header:X-User"));
    boolean[] wasOnCanary = new boolean[5000];
    int previousShare = 0;
    for (int share : List.of(100, 500, 2500, 5000, 10_000)) {
      r.share(share);
      int on = 0;
      for (int u = 0; u < wasOnCanary.length; u++) {
        boolean canary = r.route(new Head().header("X-User", "u" + u)) == 1;
        if (wasOnCanary[u]) {
          assertThat(canary).as("user %d at %d bp after %d", u, share, previousShare).isTrue();
        }
        wasOnCanary[u] = canary;
        on += canary ? 1 : 0;
      }
      // the share of users follows the share of buckets
      assertThat(on / 5000.0)
          .isCloseTo(share / 10_000.0, org.assertj.core.data.Offset.offset(0.03));
      previousShare = share;
    }
  }

  @Test
  void aUserStaysOnOneArmAcrossRequestsAndAddresses() {
    CanaryRouter r = router(RoutingKey.parse("header:X-User"));
    r.share(5000);
    for (int u = 0; u < 200; u++) {
      Head first = new Head().header("X-User", "u" + u);
      Head second = new Head().header("X-User", "u" + u);
      second.client = "192.168.1." + (u % 250);
      assertThat(r.route(second)).isEqualTo(r.route(first));
    }
  }

  @Test
  void aRequestWithoutTheKeyIsPlacedByItsClientAddress() {
    CanaryRouter r = router(RoutingKey.parse("cookie:session"));
    r.share(5000);
    Head anonymous = new Head();
    anonymous.client = "10.1.2.3";
    Head sameClient = new Head();
    sameClient.client = "10.1.2.3";
    assertThat(r.route(anonymous)).isEqualTo(r.route(sameClient));
    assertThat(anonymous.tag).isEqualTo(sameClient.tag).isNotZero();
  }

  @Test
  void theOverrideHeaderForcesTheCanaryUntilTheRunIsOverAndIsNeverJudged() {
    CanaryRouter r = router(RoutingKey.CLIENT);
    r.share(0);
    Head tester = new Head().header("X-Spotter-Canary", "1");
    assertThat(r.route(tester)).isEqualTo(1);
    assertThat(r.route(new Head().header("X-Spotter-Canary", "no"))).isZero();

    StepWindow window = r.startWindow();
    r.ended(
        new RoutedOutcome(
            1, tester.tag, false, RoutedOutcome.Ending.ANSWERED, 200, 1_000_000, List.of()));
    assertThat(r.forcedRequests()).isEqualTo(1);
    assertThat(window.canary.summary().requests()).isZero();

    r.closeOverride();
    assertThat(r.route(new Head().header("X-Spotter-Canary", "1"))).isZero();
  }

  @Test
  void endingsAreTalliedOnTheirArm() {
    CanaryRouter r = router(RoutingKey.CLIENT);
    StepWindow w = r.startWindow();
    r.ended(
        new RoutedOutcome(0, 3, false, RoutedOutcome.Ending.ANSWERED, 200, 5_000_000, List.of()));
    r.ended(
        new RoutedOutcome(1, 3, false, RoutedOutcome.Ending.ANSWERED, 503, 7_000_000, List.of()));
    r.ended(
        new RoutedOutcome(1, 3, false, RoutedOutcome.Ending.CONNECT_FAILED, 0, 1_000, List.of()));
    r.ended(
        new RoutedOutcome(1, 3, false, RoutedOutcome.Ending.TIMEOUT, 504, 9_000_000, List.of()));
    r.ended(
        new RoutedOutcome(1, 3, false, RoutedOutcome.Ending.CLIENT_GONE, 0, 9_000_000, List.of()));

    ArmSummary canary = w.canary.summary();
    assertThat(canary.requests()).isEqualTo(3);
    assertThat(canary.errors()).isEqualTo(3);
    assertThat(canary.status5xx()).isEqualTo(1);
    assertThat(canary.connectFailures()).isEqualTo(1);
    assertThat(canary.timeouts()).isEqualTo(1);
    assertThat(canary.clientsGone()).isEqualTo(1);
    assertThat(canary.latency().count()).isEqualTo(1);
    assertThat(canary.latency().p50Ms()).isCloseTo(7.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(w.baseline.data().latenciesMs()).containsExactly(5.0);
  }

  @Test
  void routingKeysAreParsedOrRefusedWithWhatIsAccepted() {
    assertThat(RoutingKey.parse("header:X-User-Id").toString()).isEqualTo("header:X-User-Id");
    assertThat(RoutingKey.parse("cookie:sid").source()).isEqualTo(RoutingKey.Source.COOKIE);
    assertThat(RoutingKey.parse("client-address")).isEqualTo(RoutingKey.CLIENT);
    assertThatThrownBy(() -> RoutingKey.parse("query:user"))
        .hasMessageContaining("use header:NAME, cookie:NAME or client-address");
    assertThatThrownBy(() -> RoutingKey.parse("header:")).hasMessageContaining("needs a name");
  }

  @Test
  void numbersAreReadFromPlainAndServerTimingHeaderValues() {
    assertThat(ArmTally.numeric("12.5")).isEqualTo(12.5);
    assertThat(ArmTally.numeric("db;dur=7")).isEqualTo(7.0);
    assertThat(ArmTally.numeric("fast")).isNaN();
    assertThat(ArmTally.numeric(null)).isNaN();
  }
}
