package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {
  private static final long CAP = 1 << 20;

  private static BodyDecoder.Result decode(String coding, byte[] raw) {
    return BodyDecoder.decode(Headers.of("Content-Encoding", coding), raw, raw.length, false, CAP);
  }

  private static Body decoded(BodyDecoder.Result r) {
    assertThat(r).isInstanceOf(BodyDecoder.Result.Decoded.class);
    return ((BodyDecoder.Result.Decoded) r).body();
  }

  @Test
  void roundTripsRandomBodiesThroughEveryCodingAndTheirStacks() throws Exception {
    long seed = 20260101L;
    Random random = new Random(seed);
    for (int i = 0; i < 40; i++) {
      byte[] original = new byte[random.nextInt(5000)];
      for (int j = 0; j < original.length; j++) {
        original[j] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26));
      }
      byte[] gz = ReplayEngineDecodingTest.gzip(original);
      byte[] zlib = ReplayEngineDecodingTest.deflate(original, true);
      byte[] raw = ReplayEngineDecodingTest.deflate(original, false);
      byte[] br = ReplayEngineDecodingTest.brotli(original);
      byte[] gzThenBr = ReplayEngineDecodingTest.brotli(ReplayEngineDecodingTest.gzip(original));
      String why = "seed " + seed + ", body " + i;
      assertThat(decoded(decode("gzip", gz)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("x-gzip", gz)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("deflate", zlib)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("deflate", raw)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("br", br)).bytes()).as(why).isEqualTo(original);
      assertThat(decoded(decode("gzip, br", gzThenBr)).bytes()).as(why).isEqualTo(original);
    }
  }

  @Test
  void readsCodingsSpreadOverSeveralHeaderFieldsAndIgnoresIdentity() throws Exception {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] both = ReplayEngineDecodingTest.brotli(ReplayEngineDecodingTest.gzip(text));
    Headers headers = Headers.of("Content-Encoding", "identity, GZIP", "content-encoding", "br");
    Body body = decoded(BodyDecoder.decode(headers, both, both.length, false, CAP));
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
      assertThat(decode(coding, garbage)).as(coding).isInstanceOf(BodyDecoder.Result.Corrupt.class);
    }
    BodyDecoder.Result.Corrupt c = (BodyDecoder.Result.Corrupt) decode("gzip", garbage);
    assertThat(c.message()).contains("Content-Encoding gzip");
  }

  @Test
  void aGzipBodyCutShortIsCorruptUnlessTheClientCutIt() throws Exception {
    byte[] text = new byte[10_000];
    new Random(7).nextBytes(text);
    byte[] gz = ReplayEngineDecodingTest.gzip(text);
    byte[] prefix = Arrays.copyOf(gz, gz.length / 2);

    assertThat(
            BodyDecoder.decode(
                Headers.of("Content-Encoding", "gzip"), prefix, prefix.length, false, CAP))
        .isInstanceOf(BodyDecoder.Result.Corrupt.class);

    Body partial =
        decoded(
            BodyDecoder.decode(
                Headers.of("Content-Encoding", "gzip"), prefix, gz.length, true, CAP));
    assertThat(partial.truncated()).isTrue();
    assertThat(partial.length()).isPositive().isLessThan(text.length);
    assertThat(partial.bytes()).isEqualTo(Arrays.copyOf(text, partial.length()));
  }

  @Test
  void decodingStopsAtTheCapSoACompressionBombCostsLittle() throws Exception {
    byte[] zeros = new byte[20 * 1024 * 1024];
    byte[] bomb = ReplayEngineDecodingTest.gzip(zeros);
    Body body =
        decoded(
            BodyDecoder.decode(
                Headers.of("Content-Encoding", "gzip"), bomb, bomb.length, false, 1000));
    assertThat(body.length()).isEqualTo(1000);
    assertThat(body.truncated()).isTrue();
    assertThat(body.originalSize()).isGreaterThan(1000);
  }

  @Test
  void emptyBodiesAndBodiesWithoutCodingPassThrough() {
    Body empty =
        decoded(
            BodyDecoder.decode(Headers.of("Content-Encoding", "gzip"), new byte[0], 0, false, CAP));
    assertThat(empty.isEmpty()).isTrue();
    byte[] raw = "x".getBytes(StandardCharsets.UTF_8);
    Body plain = decoded(BodyDecoder.decode(Headers.EMPTY, raw, 5, true, CAP));
    assertThat(plain).isEqualTo(new Body(raw, 5, true));
  }
}
