package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.spotter.model.Exchange;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.proxy.UpstreamClientSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The candidate compresses its answers in every way a server may; the old builds do not. */
class ReplayEngineDecodingTest {
  private static final byte[] TEXT =
      "{\"order\":7,\"items\":[\"a\",\"b\"],\"note\":\"the same answer, however it travels\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_REALLY_ZSTD = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 1, 2, 3};

  private static UpstreamClient client;

  @BeforeAll
  static void startClient() {
    client = new UpstreamClient(UpstreamClientSettings.defaults().withIoThreads(1));
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  static byte[] gzip(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] in, boolean zlibWrapped) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, !zlibWrapped);
    d.setInput(in);
    d.finish();
    byte[] buf = new byte[in.length + 64];
    int n = d.deflate(buf);
    d.end();
    return java.util.Arrays.copyOf(buf, n);
  }

  static byte[] brotli(byte[] in) throws IOException {
    Brotli4jLoader.ensureAvailability();
    return Encoder.compress(in);
  }

  @Test
  void decodesEveryKnownCodingComparesUnknownOnesAsBytesAndFailsCorruptOnes() throws Exception {
    Map<String, String> codings =
        Map.of(
            "/gzip", "gzip",
            "/deflate", "deflate",
            "/deflate-raw", "deflate",
            "/br", "br",
            "/stacked", "deflate, br",
            "/unknown", "zstd",
            "/corrupt", "gzip");
    Map<String, byte[]> bodies =
        Map.of(
            "/gzip", gzip(TEXT),
            "/deflate", deflate(TEXT, true),
            "/deflate-raw", deflate(TEXT, false),
            "/br", brotli(TEXT),
            "/stacked", brotli(deflate(TEXT, true)),
            "/unknown", NOT_REALLY_ZSTD,
            "/corrupt", "this is not gzip at all".getBytes(StandardCharsets.UTF_8));
    try (RecordingServer old =
            RecordingServer.start(
                (r, ex) -> {
                  if (r.uri().equals("/unknown")) {
                    ex.getResponseHeaders().set("Content-Encoding", "zstd");
                    dev.spotter.testsupport.TestHttpServer.respond(
                        ex, 200, "application/json", NOT_REALLY_ZSTD);
                  } else {
                    dev.spotter.testsupport.TestHttpServer.respond(
                        ex, 200, "application/json", TEXT);
                  }
                });
        RecordingServer candidate =
            RecordingServer.start(
                (r, ex) -> {
                  ex.getResponseHeaders().set("Content-Encoding", codings.get(r.uri()));
                  dev.spotter.testsupport.TestHttpServer.respond(
                      ex, 200, "application/json", bodies.get(r.uri()));
                })) {
      List<Exchange> corpus =
          codings.keySet().stream()
              .map(path -> Exchanges.get(path, path, "Accept-Encoding", "gzip, deflate, br"))
              .toList();
      FakeComparison comparison = new FakeComparison();
      CheckResult result =
          new ReplayEngine(
                  ReplaySettings.of(old.url(), null, candidate.url()),
                  client,
                  comparison,
                  ReplayProgress.NONE,
                  UnaryOperator.identity(),
                  100)
              .run(corpus.iterator(), corpus.size(), "t");

      assertThat(candidate.received())
          .allMatch(r -> "gzip, deflate, br".equals(r.header("Accept-Encoding")));
      for (String path :
          List.of("/gzip", "/deflate", "/deflate-raw", "/br", "/stacked", "/unknown")) {
        assertThat(comparison.recordsFor(path).get(0).candidate()).as(path).isEmpty();
      }
      FakeComparison.Diffed unknown =
          comparison.diffs.stream()
              .filter(d -> d.endpoint().pathTemplate().equals("/unknown"))
              .findFirst()
              .orElseThrow();
      assertThat(unknown.other().body().bytes()).isEqualTo(NOT_REALLY_ZSTD);

      FakeComparison.Recorded corrupt = comparison.recordsFor("/corrupt").get(0);
      assertThat(corrupt.candidate()).hasSize(1);
      assertThat(corrupt.candidate().get(0).other()).startsWith("undecodable_body");
      TargetStats candidateStats = result.targets().get(2);
      assertThat(candidateStats.failuresByKind())
          .isEqualTo(Map.of(FailureKind.UNDECODABLE_BODY, 1L));
      assertThat(candidateStats.answered()).isEqualTo(6);
      assertThat(result.summary().compared()).isEqualTo(7);
    }
  }
}
