package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.testsupport.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurlCommandTest {
  @TempDir Path tmp;

  @Test
  void quotedWordsReachTheProgramUnchangedThroughAPosixShell() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      List<String> words = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        words.add(randomWord(random));
      }
      StringBuilder script = new StringBuilder("printf '%s\\000'");
      for (String w : words) {
        script.append(' ').append(CurlCommand.quote(w));
      }
      script.append('\n');

      List<String> received = split(run(script.toString()));

      for (int i = 0; i < words.size(); i++) {
        assertThat(received.get(i)).as("seed %d, word %d", seed, i).isEqualTo(words.get(i));
      }
    }
  }

  @Test
  void theCommandSendsTheRecordedRequestToTheCandidate() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl");
    String body = "{\"note\": \"it's $(rm -rf /) `id` \\\"quoted\\\" ; & | > x\"}\n";
    HttpRequestData request =
        new HttpRequestData(
            "POST",
            "http://orders.internal/orders/7?q=a'b&x=$HOME",
            Headers.of(
                "Content-Type", "application/json",
                "X-Odd", "it's \"$USER\" `whoami` \\ ;",
                "Host", "orders.internal",
                "Content-Length", "999"),
            Body.of(body));

    List<String> seen = new CopyOnWriteArrayList<>();
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    try (TestHttpServer server =
        TestHttpServer.start(
            exchange -> {
              seen.add(exchange.getRequestMethod());
              seen.add(exchange.getRequestURI().getRawPath());
              seen.add(exchange.getRequestURI().getRawQuery());
              seen.add(exchange.getRequestHeaders().getFirst("X-Odd"));
              seen.add(exchange.getRequestHeaders().getFirst("Host"));
              bodies.add(exchange.getRequestBody().readAllBytes());
              TestHttpServer.respond(exchange, 204, null, new byte[0]);
            })) {
      run(CurlCommand.of(request, server.baseUri() + "/"));
    }

    assertThat(seen)
        .containsExactly(
            "POST",
            "/orders/7",
            "q=a'b&x=$HOME",
            "it's \"$USER\" `whoami` \\ ;",
            // the Host the replay sent (--host recorded): the candidate hears the same name
            "orders.internal");
    assertThat(new String(bodies.get(0), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void aBinaryBodyIsSentByteForByte() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl");
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    HttpRequestData request =
        new HttpRequestData(
            "PUT",
            "/blobs/1",
            Headers.of("Content-Type", "application/octet-stream"),
            Body.of(binary));

    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    try (TestHttpServer server =
        TestHttpServer.start(
            exchange -> {
              bodies.add(exchange.getRequestBody().readAllBytes());
              TestHttpServer.respond(exchange, 204, null, new byte[0]);
            })) {
      String command = CurlCommand.of(request, server.baseUri().toString());
      assertThat(command).startsWith("printf '\\000\\001\\002");
      run(command);
    }

    assertThat(bodies.get(0)).isEqualTo(binary);
  }

  @Test
  void theUrlJoinsTheCandidateBaseWithThePathAndQuery() {
    HttpRequestData request =
        new HttpRequestData("GET", "http://prod.example/orders/7?x=1", Headers.EMPTY, Body.EMPTY);

    String command = CurlCommand.of(request, "http://127.0.0.1:8083/");

    assertThat(command)
        .isEqualTo("curl -sS -i --globoff \\\n  'http://127.0.0.1:8083/orders/7?x=1'");
  }

  @Test
  void redactedHeadersAndCutBodiesAreCalledOut() {
    HttpRequestData request =
        new HttpRequestData(
            "POST",
            "/orders",
            Headers.of("Authorization", "[REDACTED]"),
            new Body("{\"a\":".getBytes(StandardCharsets.UTF_8), 4096, true));

    String command = CurlCommand.of(request, "http://c");

    assertThat(command).contains("# Redacted header values").contains("cut at capture");
  }

  private static String randomWord(Random random) {
    int[] alphabet = "ab '\"\\$`!*?;&|<>(){}[]#~\n\t%-=é漢😀".codePoints().toArray();
    int length = random.nextInt(12);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return s.toString();
  }

  private byte[] run(String script) throws IOException, InterruptedException {
    Path file = tmp.resolve("script.sh");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(false).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(
            "script failed: %s",
            new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    return out.toByteArray();
  }

  private static List<String> split(byte[] output) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < output.length; i++) {
      if (output[i] == 0) {
        words.add(new String(output, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return words;
  }
}
