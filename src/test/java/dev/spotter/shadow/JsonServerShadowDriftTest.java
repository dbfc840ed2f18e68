package dev.spotter.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCause;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.LiveJudgement;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.RawHttp;
import dev.spotter.testsupport.RealServices;
import dev.spotter.testsupport.ServiceProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real json-server 0.17.4 (npm, see .ci/real-services.sh) run three times, each with its own
 * db.json, behind a shadow that does not mirror writes: a POST reaches the primary alone, and the
 * shadow says so on the reads after it instead of calling the mirrors nondeterministic.
 */
class JsonServerShadowDriftTest {
  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/realworld/json-server");

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private ServiceProcess jsonServer(Path install, String role) throws Exception {
    Path work = Files.createDirectories(dir.resolve(role));
    Files.copy(FIXTURE.resolve("db.json"), work.resolve("db.json"));
    int port = Ports.free();
    ServiceProcess p =
        ServiceProcess.start(
            role,
            List.of(
                "node",
                install.resolve("node_modules/.bin/json-server").toRealPath().toString(),
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1",
                "db.json"),
            work,
            port);
    started.add(p);
    return p.awaitReady("/profile", Duration.ofSeconds(60));
  }

  @Test
  void aPostOnlyProductionTookIsNamedOnTheReadsAfterIt() throws Exception {
    Path install = RealServices.npmPackage("json-server-0.17.4");
    ServiceProcess primary = jsonServer(install, "primary");
    ServiceProcess secondary = jsonServer(install, "secondary");
    ServiceProcess candidate = jsonServer(install, "candidate");
    ShadowSettings settings =
        ShadowSettings.defaults(
            ForwardTarget.parse(primary.baseUri().toString()),
            ForwardTarget.parse(secondary.baseUri().toString()),
            ForwardTarget.parse(candidate.baseUri().toString()));
    LiveJudgement judgement =
        new LiveJudgement(
            new ResponseDiffer(DiffSettings.defaults()),
            new EndpointGrouper(List.of()),
            new FindingCollector(NoiseSettings.defaults()),
            settings.maxBodyBytes(),
            UnaryOperator.identity(),
            settings.primary().url(),
            settings.secondaryOrPrimary().url(),
            settings.candidate().url());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ShadowMirror mirror =
        new ShadowMirror(
            settings, UpstreamClient.forBackground(settings.clientSettings()), judgement, registry);
    ProxyServer proxy =
        ProxyServer.start(
            ProxySettings.defaults(new InetSocketAddress("127.0.0.1", 0), settings.primary())
                .withObservedBodyCap(settings.maxBodyBytes()),
            mirror,
            new ProxyMetrics(registry));
    Instant start = Instant.now();
    try (RawHttp c = RawHttp.connect(proxy.address())) {
      for (int i = 0; i < 5; i++) {
        assertThat(c.exchange("GET /posts HTTP/1.1\r\nHost: blog\r\n\r\n").status()).isEqualTo(200);
      }
      String body = "{\"title\":\"State drift\",\"author\":\"carol\",\"views\":1}";
      assertThat(
              c.exchange(
                      "POST /posts HTTP/1.1\r\nHost: blog\r\nContent-Type: application/json\r\n"
                          + "Content-Length: "
                          + body.length()
                          + "\r\n\r\n"
                          + body)
                  .status())
          .isEqualTo(201);
      for (int i = 0; i < 10; i++) {
        assertThat(c.exchange("GET /posts HTTP/1.1\r\nHost: blog\r\n\r\n").text())
            .contains("State drift");
      }
    }
    proxy.drain(Duration.ofSeconds(5));
    proxy.close();
    mirror.awaitJudged(Duration.ofSeconds(20));
    mirror.askAgain();
    mirror.close(Duration.ofSeconds(20));
    CheckResult result = mirror.snapshot("", "json-server shadow", start, Instant.now());

    assertThat(result.drift().writes()).isOne();
    assertThat(result.drift().first().request()).isEqualTo("POST /posts");
    List<Finding> posts =
        result.endpoints().stream()
            .filter(e -> e.endpoint().toString().equals("GET /posts"))
            .flatMap((EndpointReport e) -> e.findings().stream())
            .toList();
    assertThat(posts).as("the mirrors lack the new post").isNotEmpty();
    List<Finding> body = posts.stream().filter(f -> f.path().startsWith("/body")).toList();
    assertThat(body).isNotEmpty();
    assertThat(body)
        .allSatisfy(
            f -> {
              assertThat(f.cause()).as(f.reason()).isEqualTo(FindingCause.STATE_DRIFT);
              assertThat(f.reason())
                  .contains("State may have drifted: 1 write reached the primary only")
                  .contains("first: POST /posts at")
                  .doesNotContain("nondeterministic");
            });
    assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.UNDECIDED);
  }
}
