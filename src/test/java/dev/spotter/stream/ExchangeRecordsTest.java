package dev.spotter.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.capture.JsonlReader;
import dev.spotter.capture.ReadItem;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** One exchange as one Kafka record and back, without a broker: the codec alone. */
class ExchangeRecordsTest {
  private static final String TOPIC = "traffic";

  /** What a consumer would receive for a record the producer sent. */
  static ConsumerRecord<String, byte[]> received(
      ProducerRecord<String, byte[]> sent, int partition, long offset) {
    return new ConsumerRecord<>(
        sent.topic(),
        partition,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        sent.value() == null ? -1 : sent.value().length,
        sent.key(),
        sent.value(),
        new RecordHeaders(sent.headers().toArray()),
        Optional.empty());
  }

  static ConsumerRecord<String, byte[]> raw(byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        TOPIC, 2, 7, 0L, TimestampType.CREATE_TIME, -1, -1, "k", value, headers, Optional.empty());
  }

  private static Exchange awkward(Random random, int n) {
    byte[] binary = new byte[1 + random.nextInt(300)];
    random.nextBytes(binary);
    binary[0] = (byte) 0xff; // never valid UTF-8: must travel as base64
    Headers request =
        new Headers(
            List.of(
                new Header("Host", "shop.example"),
                new Header("X-Dup", "first"),
                new Header("x-dup", "second, with comma"),
                new Header("X-Dup", "third")));
    Headers response =
        new Headers(
            List.of(
                new Header("Set-Cookie", "a=1"),
                new Header("Set-Cookie", "b=2"),
                new Header("Content-Type", "application/octet-stream")));
    Body responseBody =
        random.nextBoolean() ? Body.of("ünïcödé ✓ 日本\n{\"n\":" + n + "}") : Body.of(binary);
    HttpResponseData answer =
        random.nextInt(6) == 0
            ? null
            : new HttpResponseData(
                200 + random.nextInt(300),
                response,
                random.nextInt(4) == 0
                    ? new Body(binary, binary.length * 10L, true)
                    : responseBody);
    return new Exchange(
        UUID.randomUUID().toString(),
        new HttpRequestData(
            random.nextBoolean() ? "POST" : "GET",
            "http://shop.example/orders/" + n + "/items?x=" + random.nextInt(9),
            request,
            Body.of(binary)),
        answer,
        random.nextBoolean() ? null : Instant.parse("2026-03-02T10:15:30.123456Z").plusSeconds(n),
        random.nextBoolean() ? -1 : random.nextInt(1_000_000),
        "record:127.0.0.1:8080");
  }

  @Test
  void randomExchangesTravelWholeBinaryBodiesDuplicateHeadersAndAll() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int n = 0; n < 200; n++) {
      Exchange sent = awkward(random, n);
      ConsumerRecord<String, byte[]> got =
          received(ExchangeRecords.toRecord(TOPIC, sent, "shop", "record:h:1@host"), 1, n);
      assertThat(ExchangeRecords.fromRecord(got))
          .as("seed %d, exchange %d", seed, n)
          .isEqualTo(sent);
      assertThat(ExchangeRecords.corpusOf(got)).contains("shop");
      assertThat(ExchangeRecords.sourceOf(got)).contains("record:h:1@host");
    }
  }

  @Test
  void theValueIsOneJsonlLineAnyJsonlReaderReads() throws Exception {
    Exchange sent = awkward(new Random(42), 7);
    byte[] value = ExchangeRecords.toRecord(TOPIC, sent, null, null).value();
    String text = new String(value, StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\"version\":1,").doesNotContain("\n");
    try (JsonlReader reader = JsonlReader.of(new ByteArrayInputStream(value), "value")) {
      assertThat(((ReadItem.Parsed) reader.next()).exchange()).isEqualTo(sent);
    }
  }

  @Test
  void headersCarryTheCaptureIdCorpusSourceAndFormat() {
    Exchange sent = awkward(new Random(1), 1);
    ProducerRecord<String, byte[]> r = ExchangeRecords.toRecord(TOPIC, sent, "shop", "src");
    assertThat(r.topic()).isEqualTo(TOPIC);
    assertThat(r.partition()).isNull(); // the key decides
    assertThat(header(r, ExchangeRecords.CAPTURE_ID)).isEqualTo(sent.id());
    assertThat(header(r, ExchangeRecords.CORPUS)).isEqualTo("shop");
    assertThat(header(r, ExchangeRecords.SOURCE)).isEqualTo("src");
    assertThat(header(r, ExchangeRecords.FORMAT)).isEqualTo("1");
    ProducerRecord<String, byte[]> bare = ExchangeRecords.toRecord(TOPIC, sent, null, null);
    assertThat(bare.headers().lastHeader(ExchangeRecords.CORPUS)).isNull();
    assertThat(ExchangeRecords.corpusOf(received(bare, 0, 0))).isEmpty();
  }

  private static String header(ProducerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void theKeyIsTheEndpointWithIdentifiersTemplated() {
    assertThat(key("GET", "http://shop.example/orders/123/items?x=1"))
        .isEqualTo("GET /orders/{id}/items");
    assertThat(key("POST", "/orders/7f3c2a1e-9b7d-4c55-8e0f-2b1d3c4a5e6f"))
        .isEqualTo("POST /orders/{id}");
    assertThat(key("GET", "/v1/catalog/SKU-10042")).isEqualTo("GET /v1/catalog/{id}");
    assertThat(key("GET", "http://shop.example")).isEqualTo("GET /");
    // one endpoint, one key: its traffic stays in order in one partition
    assertThat(key("GET", "/orders/1")).isEqualTo(key("GET", "/orders/99999?y=2"));
  }

  private static String key(String method, String url) {
    Exchange e =
        new Exchange(
            "id", new HttpRequestData(method, url, Headers.EMPTY, Body.EMPTY), null, null, -1, "");
    return ExchangeRecords.toRecord(TOPIC, e, null, null).key();
  }

  @Test
  void aRecordWithoutCaptureIdIsNamedByWhereItLies() {
    Exchange sent = awkward(new Random(3), 3);
    byte[] value = ExchangeRecords.toRecord(TOPIC, sent, null, null).value();
    Exchange got = ExchangeRecords.fromRecord(raw(value, new RecordHeaders()));
    assertThat(got.id()).isEqualTo("traffic-2@7");
    assertThat(got.withId(sent.id())).isEqualTo(sent);
  }

  @Test
  void unreadableRecordsSayWhereAndWhat() {
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {null, new RecordHeaders(), "the record has no value"});
    cases.add(new Object[] {bytes(""), new RecordHeaders(), "the record has no value"});
    cases.add(new Object[] {bytes("   "), new RecordHeaders(), "the value is blank"});
    cases.add(new Object[] {bytes("not json"), new RecordHeaders(), "malformed JSON"});
    cases.add(new Object[] {bytes("{\"version\":1}"), new RecordHeaders(), "request"});
    cases.add(
        new Object[] {
          new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'}, new RecordHeaders(), "not UTF-8 text"
        });
    byte[] good = ExchangeRecords.toRecord(TOPIC, awkward(new Random(5), 5), null, null).value();
    cases.add(
        new Object[] {
          good,
          headers(ExchangeRecords.FORMAT, "2"),
          "record format 2 is newer than this Spotter reads (1); upgrade Spotter"
        });
    cases.add(
        new Object[] {good, headers(ExchangeRecords.FORMAT, "one"), "is not a version number"});
    byte[] two =
        (new String(good, StandardCharsets.UTF_8) + "\n" + new String(good, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    cases.add(new Object[] {two, new RecordHeaders(), "more than one line"});
    for (Object[] c : cases) {
      assertThatThrownBy(() -> ExchangeRecords.fromRecord(raw((byte[]) c[0], (RecordHeaders) c[1])))
          .isInstanceOf(SpotterException.class)
          .hasMessageStartingWith("traffic-2@7: ")
          .hasMessageContaining((String) c[2])
          .satisfies(e -> assertThat(((SpotterException) e).code()).isEqualTo("stream.bad_record"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("traffic-2@7: traffic-2@7"));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RecordHeaders headers(String name, String value) {
    RecordHeaders h = new RecordHeaders();
    h.add(name, bytes(value));
    return h;
  }
}
