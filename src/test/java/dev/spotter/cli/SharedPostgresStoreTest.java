package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import dev.spotter.store.Stores;
import dev.spotter.testsupport.ChildSpotter;
import dev.spotter.testsupport.ClientLoad;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestHttpServer;
import dev.spotter.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's store as its processes meet it: two recording proxies, each a process of its own,
 * write into one PostgreSQL while the dashboard, a third process, reads from it.
 */
class SharedPostgresStoreTest {
  private static TestHttpServer backend;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    backend = ClientLoad.backend();
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  private ChildSpotter spotter(String name, String... args) throws Exception {
    Path own = dir.resolve(name);
    own.toFile().mkdirs();
    return ChildSpotter.start(own, args);
  }

  private ChildSpotter record(String name, int port, String store) throws Exception {
    return spotter(
        name,
        "record",
        "--listen",
        "127.0.0.1:" + port,
        "--target",
        backend.baseUri().toString(),
        "--corpus",
        "shop",
        "--store",
        store,
        "--flush-interval",
        "50ms",
        "--admin",
        "off");
  }

  @Test
  void twoRecordingProxiesStoreEveryRequestOnceWhileTheDashboardReadsTheSameDatabase()
      throws Exception {
    try (TestPostgres.Database db = TestPostgres.freshDatabase()) {
      int portA = Ports.free();
      int portB = Ports.free();
      int dashboard = Ports.free();
      ClientLoad load = new ClientLoad();
      try (ChildSpotter a = record("a", portA, db.url());
          ChildSpotter b = record("b", portB, db.url());
          ChildSpotter serve =
              spotter(
                  "serve", "serve", "--port", Integer.toString(dashboard), "--store", db.url())) {
        for (int port : List.of(portA, portB, dashboard)) {
          assertThat(Ports.awaitListening(port, Duration.ofSeconds(60)))
              .as("port %d: %s %s %s", port, a.printed(), b.printed(), serve.printed())
              .isTrue();
        }

        AtomicBoolean loading = new AtomicBoolean(true);
        CompletableFuture<List<String>> reads =
            CompletableFuture.supplyAsync(() -> readWhile(loading, dashboard));
        try {
          load.run(List.of(portA, portB), 4, 300, "shared");
        } finally {
          loading.set(false);
        }
        List<String> answers = reads.get(60, TimeUnit.SECONDS);

        // Every page the dashboard served while both proxies wrote was a page, not an error.
        assertThat(answers).isNotEmpty();
        assertThat(answers).allSatisfy(answer -> assertThat(answer).startsWith("200 "));

        a.terminate();
        b.terminate();
        assertThat(a.waitFor(60)).as(a.printed()).isEqualTo(ExitCode.OK);
        assertThat(b.waitFor(60)).as(b.printed()).isEqualTo(ExitCode.OK);
      }

      List<String> stored = new ArrayList<>();
      try (Store store = Stores.open(db.url());
          ExchangeCursor cursor = store.read("shop")) {
        cursor.forEachRemaining(e -> stored.add(e.request().path()));
      }
      assertThat(stored).as("nothing stored twice").doesNotHaveDuplicates();
      assertThat(new HashSet<>(stored)).as("nothing lost").isEqualTo(load.sent);
      assertThat(stored).hasSize(1200);
    }
  }

  /** GETs the confidence page and the corpus's service map in turn until told to stop. */
  private static List<String> readWhile(AtomicBoolean loading, int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> answers = new ArrayList<>();
    List<String> pages = List.of("/", "/map?corpus=shop", "/runs");
    int i = 0;
    while (loading.get() || answers.size() < pages.size()) {
      String page = pages.get(i++ % pages.size());
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + page))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        answers.add(r.statusCode() + " " + page);
      } catch (Exception e) {
        answers.add("failed " + page + ": " + e);
      }
    }
    return answers;
  }
}
