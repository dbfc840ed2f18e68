package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spotter record} in front of a registry-like service: a client logs in with a password,
 * gets a token in the answer's JSON body, uses it, and logs out with {@code DELETE
 * /-/user/token/<token>}. Neither the password nor the token reaches the store or its WAL.
 */
class RecordRedactionTest {
  private static final String PASSWORD = "PASSWORDplanted4242";
  // a UUID, as some registries issue: nothing in its form says "credential", only the login does
  private static final String TOKEN = "0d4f6c1e-8b9a-4f3e-a2d1-5c6b7a8e9f00";

  @TempDir Path dir;

  @Test
  void aPasswordAndTheTokenALoginReturnedNeverReachTheStoreNorItsWal() throws Exception {
    try (TestHttpServer registry = TestHttpServer.start(RecordRedactionTest::registry)) {
      int port = Ports.free();
      Path db = dir.resolve("spotter.db");
      Path wal = dir.resolve("spotter.db-wal");
      CompletableFuture<Cli.Result> record =
          CompletableFuture.supplyAsync(
              () ->
                  Cli.run(
                      "record",
                      "--listen",
                      "127.0.0.1:" + port,
                      "--target",
                      registry.baseUri().toString(),
                      "--corpus",
                      "registry",
                      "--store",
                      db.toString(),
                      "--admin",
                      "off",
                      "--flush-interval",
                      "100ms",
                      "--duration",
                      "6s"));
      assertThat(Ports.awaitListening(port, Duration.ofSeconds(30))).isTrue();

      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> login =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/-/user/org.couchdb.user:ada"))
                  .header("Content-Type", "application/json")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"ada\",\"password\":\"" + PASSWORD + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.body())
          .contains(TOKEN); // the client gets its token: recording is transparent
      HttpResponse<String> whoami =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/-/whoami"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(whoami.statusCode()).isEqualTo(200);
      HttpResponse<String> logout =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/-/user/token/" + TOKEN))
                  .header("Authorization", "Bearer " + TOKEN)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(logout.statusCode()).isEqualTo(200);

      // while the recorder runs, the committed batches are in the WAL
      Thread.sleep(1000);
      assertThat(wal).exists();
      assertNoSecretIn(db);
      assertNoSecretIn(wal);
      assertThat(raw(wal)).contains("/-/user/token/%5BREDACTED%3A"); // a control: the scan sees

      Cli.Result result = record.get();
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out())
          .contains("Recorded 3 exchanges into corpus registry")
          .contains("Redacted: 2 body fields, 1 path segment, 2 headers.");
      assertNoSecretIn(db);
      if (Files.exists(wal)) {
        assertNoSecretIn(wal);
      }
    }
  }

  private static void assertNoSecretIn(Path file) throws Exception {
    assertThat(raw(file))
        .as("raw bytes of %s", file)
        .doesNotContain(PASSWORD)
        .doesNotContain(TOKEN);
  }

  private static String raw(Path file) throws Exception {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  private static void registry(HttpExchange exchange) throws java.io.IOException {
    exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    String answer;
    if (path.startsWith("/-/user/org.couchdb.user:")) {
      answer = "{\"ok\":true,\"id\":\"org.couchdb.user:ada\",\"token\":\"" + TOKEN + "\"}";
    } else if (path.equals("/-/whoami")) {
      answer = "{\"username\":\"ada\"}";
    } else {
      answer = "{\"ok\":\"logged out\"}";
    }
    TestHttpServer.respond(
        exchange, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
  }
}
