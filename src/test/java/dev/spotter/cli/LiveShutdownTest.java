package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Exchange;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.testsupport.ChildSpotter;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live modes as separate processes, stopped the two ways an operator stops them: SIGTERM, which
 * drains and writes everything, and SIGKILL, which leaves a store that opens cleanly and holds
 * every exchange acknowledged before the kill.
 */
class LiveShutdownTest {
  @TempDir Path dir;

  private static NettyTestServer backend() {
    NettyTestServer[] self = new NettyTestServer[1];
    self[0] =
        NettyTestServer.start(
            (ctx, req) -> {
              if (req.uri().startsWith("/slow")) {
                var kept = req.retainedDuplicate();
                ctx.executor()
                    .schedule(
                        () -> {
                          self[0].answer(ctx, kept, NettyTestServer.ok("slow done"));
                          kept.release();
                        },
                        1500,
                        TimeUnit.MILLISECONDS);
                return null;
              }
              return NettyTestServer.ok("answer to " + req.uri());
            });
    return self[0];
  }

  @Test
  void shadowFinishesRequestsInFlightOnSigtermThenWritesItsReports() throws Exception {
    try (NettyTestServer primary = backend();
        NettyTestServer secondary = backend();
        NettyTestServer candidate = backend()) {
      int port = Ports.free();
      try (ChildSpotter shadow =
          ChildSpotter.start(
              dir,
              "shadow",
              "--listen",
              "127.0.0.1:" + port,
              "--primary",
              primary.baseUri().toString(),
              "--secondary",
              secondary.baseUri().toString(),
              "--candidate",
              candidate.baseUri().toString(),
              "--store",
              dir.resolve("s.db").toString(),
              "--report",
              dir.resolve("report").toString(),
              "--admin",
              "off")) {
        assertThat(Ports.awaitListening(port, Duration.ofSeconds(30)))
            .as(shadow.printed())
            .isTrue();
        try (RawHttp c = RawHttp.connect(new InetSocketAddress("127.0.0.1", port))) {
          for (int i = 0; i < 20; i++) {
            assertThat(c.exchange("GET /fast/" + i + " HTTP/1.1\r\nHost: h\r\n\r\n").status())
                .isEqualTo(200);
          }
        }
        RawHttp slow = RawHttp.connect(new InetSocketAddress("127.0.0.1", port));
        slow.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
        Thread.sleep(300); // the request is with the primary now

        shadow.terminate();

        RawHttp.Response answer = slow.read(false);
        assertThat(answer.text()).isEqualTo("slow done");
        assertThat(answer.header("Connection")).contains("close");
        slow.close();
        assertThat(shadow.waitFor(60)).as(shadow.printed()).isEqualTo(ExitCode.OK);
        assertThat(shadow.out()).contains("Stopping (SIGTERM)", "PASS", "21 compared");
        assertThat(dir.resolve("report/report.json")).exists();
        assertThat(dir.resolve("report/report.html")).exists();
      }
    }
  }

  @Test
  void recordWritesEverythingItAnsweredBeforeItExitsOnSigterm() throws Exception {
    try (NettyTestServer target = backend()) {
      int port = Ports.free();
      Path db = dir.resolve("t.db");
      try (ChildSpotter record =
          ChildSpotter.start(
              dir,
              "record",
              "--listen",
              "127.0.0.1:" + port,
              "--target",
              target.baseUri().toString(),
              "--corpus",
              "term",
              "--store",
              db.toString(),
              "--admin",
              "off",
              "--flush-interval",
              "1m")) { // nothing is written before the stop: the stop must write it all
        assertThat(Ports.awaitListening(port, Duration.ofSeconds(30)))
            .as(record.printed())
            .isTrue();
        try (RawHttp c = RawHttp.connect(new InetSocketAddress("127.0.0.1", port))) {
          for (int i = 0; i < 150; i++) {
            assertThat(c.exchange("GET /t/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n").status())
                .isEqualTo(200);
          }
        }

        record.terminate();

        assertThat(record.waitFor(60)).as(record.printed()).isEqualTo(ExitCode.OK);
        assertThat(record.out()).contains("Recorded 150 exchanges into corpus term");
      }
      try (SqliteStore store = SqliteStore.open(db)) {
        assertThat(store.corpus("term").orElseThrow().exchanges()).isEqualTo(150);
      }
    }
  }

  @Test
  void recordStoppedByTimeoutDrainsOnceThoughItIsSignalledTwice() throws Exception {
    // GNU timeout sends SIGTERM to the process and then to its whole process group: the same
    // stop may arrive twice (or merge into one), and must not be taken for an impatient second
    // signal that halts without draining
    try (NettyTestServer target = backend()) {
      int port = Ports.free();
      Path db = dir.resolve("timeout.db");
      try (ChildSpotter record =
          ChildSpotter.startUnder(
              List.of("timeout", "6"),
              dir,
              "record",
              "--listen",
              "127.0.0.1:" + port,
              "--target",
              target.baseUri().toString(),
              "--corpus",
              "timed",
              "--store",
              db.toString(),
              "--admin",
              "off")) {
        assertThat(Ports.awaitListening(port, Duration.ofSeconds(30)))
            .as(record.printed())
            .isTrue();
        try (RawHttp c = RawHttp.connect(new InetSocketAddress("127.0.0.1", port))) {
          for (int i = 0; i < 20; i++) {
            assertThat(c.exchange("GET /t/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n").status())
                .isEqualTo(200);
          }
        }
        // timeout exits with 124 when it had to stop its command, whatever the command's code
        assertThat(record.waitFor(60)).as(record.printed()).isEqualTo(124);
        assertThat(record.err()).doesNotContain("second SIGTERM");
        assertThat(record.out()).contains("Recorded 20 exchanges into corpus timed");
      }
    }
  }

  @Test
  void recordKeepsEveryAcknowledgedExchangeThroughAKill() throws Exception {
    try (NettyTestServer target = backend()) {
      int port = Ports.free();
      int admin = Ports.free();
      Path db = dir.resolve("r.db");
      AtomicBoolean sending = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      try (ChildSpotter record =
          ChildSpotter.start(
              dir,
              "record",
              "--listen",
              "127.0.0.1:" + port,
              "--target",
              target.baseUri().toString(),
              "--corpus",
              "live",
              "--store",
              db.toString(),
              "--admin",
              "127.0.0.1:" + admin,
              "--flush-interval",
              "100ms")) {
        assertThat(Ports.awaitListening(port, Duration.ofSeconds(30)))
            .as(record.printed())
            .isTrue();
        CompletableFuture<Void> traffic =
            CompletableFuture.runAsync(
                () -> {
                  try (RawHttp c = RawHttp.connect(new InetSocketAddress("127.0.0.1", port))) {
                    for (int i = 0; sending.get(); i++) {
                      c.exchange("GET /item/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n");
                      answered.incrementAndGet();
                    }
                  } catch (IOException | RuntimeException killed) {
                    // the proxy died under the client: expected at the end
                  }
                });
        long acknowledged = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged < 300 && System.nanoTime() < deadline) {
          acknowledged = recordedTotal(admin);
          Thread.sleep(20);
        }
        assertThat(acknowledged).as(record.printed()).isGreaterThanOrEqualTo(300);

        record.kill(); // mid-traffic, most likely mid-batch
        sending.set(false);
        traffic.get(30, TimeUnit.SECONDS);

        assertThat(integrity(db)).isEqualTo("ok");
        long stored = 0;
        try (SqliteStore store = SqliteStore.open(db);
            ExchangeCursor cursor = store.read("live")) {
          while (cursor.hasNext()) {
            Exchange e = cursor.next();
            String path = e.request().path();
            assertThat(path).startsWith("/item/");
            assertThat(e.response().body().utf8()).isEqualTo("answer to " + path);
            stored++;
          }
        }
        assertThat(stored)
            .as("exchanges the recorder acknowledged before the kill are all in the store")
            .isGreaterThanOrEqualTo(acknowledged)
            .isLessThanOrEqualTo(answered.get());
      }
    }
  }

  private static final Pattern RECORDED =
      Pattern.compile(
          "^spotter_record_recorded_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);

  private static long recordedTotal(int adminPort) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher m = RECORDED.matcher(r.body());
      return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    } catch (IOException e) {
      return 0; // not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static String integrity(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
