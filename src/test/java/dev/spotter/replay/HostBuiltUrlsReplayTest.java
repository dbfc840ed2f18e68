package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.model.Exchange;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.testsupport.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Services that build absolute URLs from the Host they were sent or from their own address: two
 * copies of the old build on different ports agree on them, and a candidate that breaks them is a
 * regression, whichever Host the replay sends.
 */
class HostBuiltUrlsReplayTest {
  private static final int REQUESTS = 60;

  /** Where a service takes the origin of the URLs it writes from. */
  enum BuiltFrom {
    HOST_HEADER,
    OWN_ADDRESS,
    /** A public URL set in its configuration, whatever it is sent. */
    CONFIGURED
  }

  /**
   * A package registry in miniature: each package's document names its tarball, its own URL in
   * {@code Location} and the next page in {@code Link}, all absolute.
   *
   * @param tarballs the path the tarballs are served under: {@code /pkg/-} by the old build
   */
  private static TestHttpServer registry(BuiltFrom from, String tarballs, Set<String> hostsSeen) {
    int[] port = new int[1];
    TestHttpServer server =
        TestHttpServer.start(
            exchange -> {
              String host = exchange.getRequestHeaders().getFirst("Host");
              hostsSeen.add(host);
              String base =
                  switch (from) {
                    case HOST_HEADER -> "http://" + host;
                    case OWN_ADDRESS -> "http://127.0.0.1:" + port[0];
                    case CONFIGURED -> "http://registry.internal";
                  };
              respond(exchange, base, tarballs);
            });
    port[0] = server.port();
    return server;
  }

  private static void respond(HttpExchange exchange, String base, String tarballs)
      throws java.io.IOException {
    String name = exchange.getRequestURI().getPath().substring("/pkg/".length());
    String body =
        "{\"name\":\""
            + name
            + "\",\"dist\":{\"tarball\":\""
            + base
            + tarballs
            + "/"
            + name
            + ".tgz\"},\"host\":\""
            + base.substring("http://".length())
            + "\"}";
    exchange.getResponseHeaders().add("Location", base + "/pkg/" + name);
    exchange.getResponseHeaders().add("Link", "<" + base + "/pkg/?page=2>; rel=\"next\"");
    TestHttpServer.respond(
        exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Exchange> corpus() {
    List<Exchange> list = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      list.add(
          Exchanges.get(
              "e" + i,
              "http://registry.example.com/pkg/p" + (i % 7),
              "Host",
              "registry.example.com"));
    }
    return list;
  }

  private static CheckResult check(
      TestHttpServer primary, TestHttpServer secondary, TestHttpServer candidate, HostChoice host) {
    ReplaySettings settings =
        ReplaySettings.of(
                primary.baseUri().toString(),
                secondary.baseUri().toString(),
                candidate.baseUri().toString())
            .withHost(host);
    List<Exchange> corpus = corpus();
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      return new ReplayEngine(
              settings,
              client,
              new ResponseDiffer(DiffSettings.defaults()),
              new EndpointGrouper(List.of(EndpointPattern.parse("GET /pkg/{name}"))),
              new FindingCollector(NoiseSettings.defaults()),
              ReplayProgress.NONE,
              UnaryOperator.identity())
          .run(corpus.iterator(), corpus.size(), "registry");
    }
  }

  private static List<Finding> findings(CheckResult result) {
    return result.endpoints().stream().flatMap(e -> e.findings().stream()).toList();
  }

  private static Set<String> regressions(CheckResult result) {
    return findings(result).stream()
        .filter(Finding::isRegression)
        .map(Finding::path)
        .collect(Collectors.toSet());
  }

  private void copiesAgreeAndABrokenCandidateIsARegression(BuiltFrom from, HostChoice host) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (TestHttpServer primary = registry(from, "/pkg/-", seen);
        TestHttpServer secondary = registry(from, "/pkg/-", seen);
        TestHttpServer same = registry(from, "/pkg/-", seen);
        TestHttpServer broken = registry(from, "/tarballs", seen)) {
      CheckResult agreeing = check(primary, secondary, same, host);
      assertThat(findings(agreeing)).as("findings of three copies of one build").isEmpty();
      assertThat(agreeing.summary().compared()).isEqualTo(REQUESTS);

      CheckResult breaking = check(primary, secondary, broken, host);
      assertThat(regressions(breaking)).containsExactly("/body/dist/tarball");
    }
    if (host.mode() == HostChoice.Mode.RECORDED) {
      assertThat(seen).containsExactly("registry.example.com");
    } else if (host.mode() == HostChoice.Mode.TARGET) {
      assertThat(seen).hasSize(4).allMatch(h -> h.startsWith("127.0.0.1:"));
    }
  }

  @Test
  void urlsBuiltFromEachTargetsOwnHostCompareByWhatTheyPointAt() {
    copiesAgreeAndABrokenCandidateIsARegression(BuiltFrom.HOST_HEADER, HostChoice.TARGET);
  }

  @Test
  void urlsBuiltFromTheRecordedHostCompareByWhatTheyPointAt() {
    copiesAgreeAndABrokenCandidateIsARegression(BuiltFrom.HOST_HEADER, HostChoice.RECORDED);
  }

  @Test
  void urlsBuiltFromAFixedHostCompareByWhatTheyPointAt() {
    copiesAgreeAndABrokenCandidateIsARegression(
        BuiltFrom.HOST_HEADER, HostChoice.parse("registry.internal:4873"));
  }

  @Test
  void urlsBuiltFromTheServicesOwnBindAddressCompareByWhatTheyPointAt() {
    copiesAgreeAndABrokenCandidateIsARegression(BuiltFrom.OWN_ADDRESS, HostChoice.TARGET);
    copiesAgreeAndABrokenCandidateIsARegression(BuiltFrom.OWN_ADDRESS, HostChoice.RECORDED);
  }

  @Test
  void aCandidateThatNamesAnotherHostThanTheOneItWasSentIsARegression() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (TestHttpServer primary = registry(BuiltFrom.HOST_HEADER, "/pkg/-", seen);
        TestHttpServer secondary = registry(BuiltFrom.HOST_HEADER, "/pkg/-", seen);
        TestHttpServer misconfigured = registry(BuiltFrom.CONFIGURED, "/pkg/-", seen)) {
      // whatever it is sent, the candidate writes a configured name into every URL
      for (HostChoice host : List.of(HostChoice.TARGET, HostChoice.RECORDED)) {
        CheckResult result = check(primary, secondary, misconfigured, host);
        assertThat(regressions(result))
            .as("with --host %s", host)
            .contains("/body/dist/tarball", "/body/host", "/headers/location", "/headers/link");
      }
    }
  }
}
