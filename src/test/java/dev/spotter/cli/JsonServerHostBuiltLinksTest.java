package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.capture.JsonlWriter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.RawHttp;
import dev.spotter.testsupport.RealServices;
import dev.spotter.testsupport.ServiceProcess;
import dev.spotter.testsupport.SpotterCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * json-server 0.17.4, from npm, writes the {@code Link} header of a {@code ?_page=} answer with
 * absolute URLs built from the request's Host. Three copies of it on three ports therefore write
 * three different Links to the same pages; Spotter reads each under its own origin and finds
 * nothing, whether the replay sends each copy its own Host or the recorded one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonServerHostBuiltLinksTest {
  private static final String RECORDED_HOST = "blog.example.com";

  private Path dir;
  private final List<ServiceProcess> copies = new ArrayList<>();
  private Path corpus;
  private Path config;

  @BeforeAll
  void startThreeCopiesOfTheOldBuild() throws Exception {
    dir = Files.createTempDirectory("spotter-json-server-links-");
    Path install = RealServices.npmPackage("json-server-0.17.4");
    Path cli = install.resolve("node_modules/.bin/json-server").toRealPath();
    for (String role : List.of("primary", "secondary", "candidate")) {
      Path work = Files.createDirectories(dir.resolve(role));
      Files.copy(
          Path.of("src/test/resources/fixtures/realworld/json-server/db.json"),
          work.resolve("db.json"));
      int port = Ports.free();
      copies.add(
          ServiceProcess.start(
              role,
              List.of(
                  "node",
                  cli.toString(),
                  "--port",
                  Integer.toString(port),
                  "--host",
                  "127.0.0.1",
                  "db.json"),
              work,
              port));
    }
    for (ServiceProcess p : copies) {
      p.awaitReady("/profile", Duration.ofSeconds(60));
    }
    corpus = writeCorpus(dir.resolve("pages.jsonl"));
    config = Files.writeString(dir.resolve("spotter.yaml"), "{}\n");
  }

  @AfterAll
  void stopCopies() throws IOException {
    for (ServiceProcess p : copies) {
      p.close();
    }
    if (dir != null) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Pages of posts and comments, as a front end recorded under its public name asks them. */
  private static Path writeCorpus(Path file) throws IOException {
    Instant start = Instant.parse("2026-11-02T09:00:00Z");
    try (OutputStream out = Files.newOutputStream(file);
        JsonlWriter writer = new JsonlWriter(out)) {
      int n = 0;
      for (int round = 0; round < 3; round++) {
        for (String target :
            List.of(
                "/posts?_page=1&_limit=2",
                "/posts?_page=2&_limit=2",
                "/posts?_page=3&_limit=3",
                "/comments?_page=1&_limit=1",
                "/comments?_page=2&_limit=1")) {
          n++;
          writer.write(
              new Exchange(
                  "p" + n,
                  new HttpRequestData(
                      "GET",
                      target,
                      Headers.of("Host", RECORDED_HOST, "Accept", "application/json"),
                      Body.EMPTY),
                  new HttpResponseData(200, Headers.EMPTY, Body.EMPTY),
                  start.plusSeconds(n),
                  1500,
                  "record:json-server"));
        }
      }
    }
    return file;
  }

  private static String link(ServiceProcess p, String host) throws IOException {
    try (RawHttp http =
        RawHttp.connect(new InetSocketAddress("127.0.0.1", p.baseUri().getPort()))) {
      return http.exchange(
              "GET /posts?_page=2&_limit=2 HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nConnection: close\r\n\r\n")
          .header("Link")
          .orElse("");
    }
  }

  @Test
  void theOldBuildWritesItsLinksFromTheHostItIsSent() throws Exception {
    ServiceProcess primary = copies.get(0);
    ServiceProcess secondary = copies.get(1);
    String own = "127.0.0.1:" + primary.baseUri().getPort();

    assertThat(link(primary, own)).contains("<http://" + own + "/posts?_page=3&_limit=2>");
    assertThat(link(primary, RECORDED_HOST))
        .contains("<http://" + RECORDED_HOST + "/posts?_page=3&_limit=2>");
    // so the copies, each sent its own Host, disagree on every Link
    assertThat(link(primary, own))
        .isNotEqualTo(link(secondary, "127.0.0.1:" + secondary.baseUri().getPort()));
  }

  @Test
  void threeCopiesOnThreePortsHaveNoFindingOnTheirLinksWithEachItsOwnHost() throws Exception {
    assertCopiesPass("target");
  }

  @Test
  void threeCopiesOnThreePortsHaveNoFindingOnTheirLinksWithTheRecordedHost() throws Exception {
    assertCopiesPass("recorded");
  }

  private void assertCopiesPass(String host) throws IOException {
    SpotterCheck.Outcome check =
        SpotterCheck.run(
            dir.resolve("check-" + host),
            config,
            corpus,
            copies.get(0).baseUri(),
            copies.get(1).baseUri(),
            copies.get(2).baseUri(),
            "--host",
            host);
    String story = check.describe();
    System.out.println(story);

    assertThat(check.findings()).as(story).isEmpty();
    assertThat(check.exitCode() + " " + check.verdict()).as(story).isEqualTo("0 pass");
    assertThat(check.report().path("summary").path("compared").asLong()).as(story).isEqualTo(15);
  }
}
