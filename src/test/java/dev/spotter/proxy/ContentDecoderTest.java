package dev.spotter.proxy;

import static dev.spotter.proxy.Compression.brotli;
import static dev.spotter.proxy.Compression.deflate;
import static dev.spotter.proxy.Compression.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentDecoderTest {
  private static final long CAP = 1 << 20;

  private static ContentDecoder.Result decode(String coding, byte[] raw) {
    return ContentDecoder.decode(Headers.of("Content-Encoding", coding), Body.of(raw), CAP);
  }

  private static ContentDecoder.Result stored(String coding, byte[] raw, long cap) {
    return ContentDecoder.decodeStored(Headers.of("Content-Encoding", coding), Body.of(raw), cap);
  }

  private static Body decoded(ContentDecoder.Result r) {
    assertThat(r).isInstanceOf(ContentDecoder.Result.Decoded.class);
    return ((ContentDecoder.Result.Decoded) r).body();
  }

  // --- bodies received from a server (replay) ---

  @Test
  void roundTripsRandomBodiesThroughEveryCodingAndTheirStacks() {
    long seed = 20260101L;
    Random random = new Random(seed);
    for (int i = 0; i < 40; i++) {
      byte[] original = new byte[random.nextInt(5000)];
      for (int j = 0; j < original.length; j++) {
        original[j] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26));
      }
      byte[] gz = gzip(original);
      byte[] zlib = deflate(original, true);
      byte[] raw = deflate(original, false);
      byte[] br = brotli(original);
      byte[] gzThenBr = brotli(gzip(original));
      String why = "seed " + seed + ", body " + i;
      assertThat(decoded(decode("gzip", gz)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("x-gzip", gz)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("deflate", zlib)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("deflate", raw)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("br", br)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("gzip, br", gzThenBr)).bytes()).as(why).isEqualTo(original);
      // a tool that kept the bytes as they travelled gets the same bytes back at import
      assertThat(decoded(stored("gzip", gz, CAP)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(stored("deflate", zlib, CAP)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(stored("gzip, br", gzThenBr, CAP)).bytes()).as(why).isEqualTo(original);
    }
  }

  @Test
  void readsCodingsSpreadOverSeveralHeaderFieldsAndIgnoresIdentity() {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] both = brotli(gzip(text));
    Headers headers = Headers.of("Content-Encoding", "identity, GZIP", "content-encoding", "br");
    Body body = decoded(ContentDecoder.decode(headers, Body.of(both), CAP));
    assertThat(body.bytes()).isEqualTo(text);
  }

  @Test
  void anUnknownCodingLeavesTheBytesAsTheyCame() {
    byte[] raw = {1, 2, 3, 4};
    Body body = decoded(decode("zstd", raw));
    assertThat(body.bytes()).isEqualTo(raw);
    assertThat(decoded(decode("gzip, zstd", raw)).bytes()).isEqualTo(raw);
  }

  @Test
  void aBodyThatIsNotWhatItsCodingClaimsIsCorrupt() {
    byte[] garbage = "plain text, not compressed".getBytes(StandardCharsets.UTF_8);
    for (String coding : new String[] {"gzip", "deflate", "br"}) {
      assertThat(decode(coding, garbage))
          .as(coding)
          .isInstanceOf(ContentDecoder.Result.Corrupt.class);
    }
    ContentDecoder.Result.Corrupt c = (ContentDecoder.Result.Corrupt) decode("gzip", garbage);
    assertThat(c.message()).contains("Content-Encoding gzip");
    assertThat(c.coding()).isEqualTo("gzip");
  }

  @Test
  void aGzipBodyCutShortIsCorruptUnlessTheClientCutIt() {
    byte[] text = new byte[10_000];
    new Random(7).nextBytes(text);
    byte[] gz = gzip(text);
    byte[] prefix = Arrays.copyOf(gz, gz.length / 2);
    Headers headers = Headers.of("Content-Encoding", "gzip");

    assertThat(ContentDecoder.decode(headers, Body.of(prefix), CAP))
        .isInstanceOf(ContentDecoder.Result.Corrupt.class);

    Body partial = decoded(ContentDecoder.decode(headers, new Body(prefix, gz.length, true), CAP));
    assertThat(partial.truncated()).isTrue();
    assertThat(partial.length()).isPositive().isLessThan(text.length);
    assertThat(partial.bytes()).isEqualTo(Arrays.copyOf(text, partial.length()));
  }

  @Test
  void decodingStopsAtTheCapSoACompressionBombCostsLittle() {
    byte[] bomb = gzip(new byte[20 * 1024 * 1024]);
    Body body =
        decoded(ContentDecoder.decode(Headers.of("Content-Encoding", "gzip"), Body.of(bomb), 1000));
    assertThat(body.length()).isEqualTo(1000);
    assertThat(body.truncated()).isTrue();
    assertThat(body.originalSize()).isGreaterThan(1000);
  }

  @Test
  void emptyBodiesAndBodiesWithoutCodingPassThrough() {
    Body empty =
        decoded(ContentDecoder.decode(Headers.of("Content-Encoding", "gzip"), Body.EMPTY, CAP));
    assertThat(empty.isEmpty()).isTrue();
    byte[] raw = "x".getBytes(StandardCharsets.UTF_8);
    Body plain = decoded(ContentDecoder.decode(Headers.EMPTY, new Body(raw, 5, true), CAP));
    assertThat(plain).isEqualTo(new Body(raw, 5, true));
  }

  // --- bodies a capture tool stored (import) ---

  @Test
  void storedTextIsNotDecodedAgainWhateverTheHeaderSays() {
    byte[] json = "{\"id\":1042}".getBytes(StandardCharsets.UTF_8);
    for (String coding : new String[] {"gzip", "deflate", "br", "gzip, br", "zstd"}) {
      Body body = decoded(stored(coding, json, CAP));
      assertThat(body).as(coding).isEqualTo(Body.of(json));
    }
  }

  @Test
  void storedBinaryThatIsNotCompressedAfterAllIsKeptAsItIs() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, (byte) 0xff};
    assertThat(decoded(stored("br", png, CAP)).bytes()).isEqualTo(png);
    assertThat(decoded(stored("deflate", png, CAP)).bytes()).isEqualTo(png);
  }

  @Test
  void storedBytesWithAGzipOrZlibHeaderThatDoNotDecodeAreCorrupt() {
    byte[] text = new byte[4000];
    new Random(11).nextBytes(text);
    ContentDecoder.Result gz = stored("gzip", Compression.firstHalf(gzip(text)), CAP);
    assertThat(gz).isInstanceOf(ContentDecoder.Result.Corrupt.class);
    ContentDecoder.Result zlib = stored("deflate", Compression.firstHalf(deflate(text, true)), CAP);
    assertThat(zlib).isInstanceOf(ContentDecoder.Result.Corrupt.class);
  }

  @Test
  void storedBodiesAreDecodedOnlyUpToTheCallersCapAndMarkedTruncated() {
    byte[] text = new byte[3 * 1024 * 1024];
    Arrays.fill(text, (byte) '7');
    for (String coding : new String[] {"gzip", "deflate", "br"}) {
      byte[] compressed =
          switch (coding) {
            case "gzip" -> gzip(text);
            case "deflate" -> deflate(text, true);
            default -> brotli(text);
          };
      Body body = decoded(stored(coding, compressed, 64 * 1024));
      assertThat(body.length()).as(coding).isEqualTo(64 * 1024);
      assertThat(body.truncated()).as(coding).isTrue();
      assertThat(body.originalSize()).as(coding).isGreaterThan(64 * 1024);
    }
  }
}
