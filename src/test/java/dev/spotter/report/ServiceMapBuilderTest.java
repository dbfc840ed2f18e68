package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ContentDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The service map's figures, from exchanges built by hand. */
class ServiceMapBuilderTest {
  static final Headers JSON = Headers.of("Content-Type", "application/json");

  /** The decoder {@code spotter map} uses: codings undone where the bytes follow them. */
  static final ServiceMapBuilder.BodyDecoder DECODER =
      r ->
          ContentDecoder.decodeStored(r.headers(), r.body(), 1 << 20)
                  instanceof ContentDecoder.Result.Decoded d
              ? d.body()
              : null;

  private int ids;

  static ServiceMapBuilder builder(int schemaBodies) {
    return new ServiceMapBuilder(new EndpointGrouper(List.of()), DECODER, schemaBodies);
  }

  Exchange exchange(String method, String url, int status, Headers headers, String body) {
    return exchange(method, url, status, headers, Body.of(body), 1000);
  }

  Exchange exchange(
      String method, String url, int status, Headers headers, Body body, long micros) {
    return new Exchange(
        "e" + ++ids,
        new HttpRequestData(method, "http://orders.example" + url, Headers.EMPTY, Body.EMPTY),
        new HttpResponseData(status, headers, body),
        null,
        micros,
        "test");
  }

  static ServiceMap.Entry entry(ServiceMap map, String endpoint) {
    return map.endpoints().stream()
        .filter(e -> e.endpoint().equals(Endpoint.parse(endpoint)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(endpoint + " not in " + map.endpoints()));
  }

  static ServiceMap.Field field(ServiceMap.Entry entry, String path) {
    return entry.schema().fields().stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in " + entry.schema().fields()));
  }

  @Test
  void ranksEndpointsByShareWithTheirStatusMix() {
    ServiceMapBuilder b = builder(10);
    for (int i = 0; i < 4; i++) {
      b.add(exchange("GET", "/orders/" + (5001 + i), 200, JSON, "{}"));
    }
    b.add(exchange("GET", "/orders/9999?expand=items", 404, JSON, "{}"));
    b.add(exchange("GET", "/orders/5001", 503, JSON, ""));
    b.add(exchange("GET", "/health", 200, JSON, "{}"));
    b.add(exchange("GET", "/health", 301, Headers.EMPTY, ""));
    b.add(exchange("GET", "/health", 101, Headers.EMPTY, ""));
    b.add(
        new Exchange(
            "lost",
            new HttpRequestData("POST", "/orders", JSON, Body.of("{}")),
            null,
            null,
            -1,
            "test"));

    ServiceMap map = b.build("c", ServiceMapCoverage.none());

    assertThat(map.requests()).isEqualTo(10);
    assertThat(map.endpoints())
        .extracting(e -> e.endpoint().toString())
        .containsExactly("GET /orders/{id}", "GET /health", "POST /orders");
    ServiceMap.Entry orders = map.endpoints().get(0);
    assertThat(orders.share()).isEqualTo(0.6);
    assertThat(orders.statuses()).isEqualTo(new ServiceMap.StatusMix(4, 0, 1, 1, 0, 0));
    assertThat(entry(map, "GET /health").statuses())
        .isEqualTo(new ServiceMap.StatusMix(1, 1, 0, 0, 1, 0));
    ServiceMap.Entry post = entry(map, "POST /orders");
    assertThat(post.share()).isEqualTo(0.1);
    assertThat(post.statuses().noResponse()).isEqualTo(1);
    assertThat(post.latency().samples()).isZero();
    assertThat(post.latency().p50Millis()).isNaN();
    assertThat(map.gaps()).hasSize(3);
  }

  @Test
  void latencyQuantilesComeFromTheRecordedDurations() {
    ServiceMapBuilder b = builder(0);
    for (int ms = 1; ms <= 1000; ms++) {
      b.add(exchange("GET", "/products/SKU-10001", 200, JSON, Body.EMPTY, ms * 1000L));
    }
    b.add(exchange("GET", "/products/SKU-10002", 200, JSON, Body.EMPTY, -1));

    ServiceMap.Latency l = b.build("c", ServiceMapCoverage.none()).endpoints().get(0).latency();

    assertThat(l.samples()).isEqualTo(1000);
    assertThat(l.p50Millis()).isCloseTo(500, within(0.5));
    assertThat(l.p90Millis()).isCloseTo(900, within(0.9));
    assertThat(l.p99Millis()).isCloseTo(990, within(1.0));
  }

  @Test
  void exchangesWithoutARecordedResponseStayOutOfTheLatencyAndTheMapSaysSo() {
    ServiceMapBuilder b = builder(0);
    for (int i = 0; i < 3; i++) {
      b.add(exchange("GET", "/products/SKU-10001", 200, JSON, Body.EMPTY, 10_000));
    }
    // imported as requests only (a load tool's request list), or a request that got no answer:
    // a long wait for nothing is not the service's latency
    for (int i = 0; i < 2; i++) {
      b.add(
          new Exchange(
              "q" + i,
              new HttpRequestData(
                  "GET", "http://orders.example/products/SKU-1000" + i, Headers.EMPTY, Body.EMPTY),
              null,
              null,
              900_000_000L,
              "test"));
    }

    ServiceMap map = b.build("c", ServiceMapCoverage.none());
    ServiceMap.Entry products = map.endpoints().get(0);

    assertThat(products.requests()).isEqualTo(5);
    assertThat(products.statuses().noResponse()).isEqualTo(2);
    assertThat(products.latency().samples()).isEqualTo(3);
    assertThat(products.latency().p99Millis()).isCloseTo(10, within(0.1));
    assertThat(map.withoutResponse()).isEqualTo(2);
    assertThat(ServiceMapText.render(map))
        .contains(
            "2 exchanges have no recorded response: not in latency figures or schemas (OTHER"
                + " counts them).");
  }

  @Test
  void quantilesStayWithinATenthOfAPercentOfTheExactOnesOnRandomLatencies() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      int n = 1 + random.nextInt(3000);
      long[] micros = new long[n];
      ServiceMapBuilder b = builder(0);
      for (int i = 0; i < n; i++) {
        // long-tailed, as latencies are: mostly milliseconds, now and then seconds
        micros[i] = (long) (Math.exp(random.nextGaussian() * 1.5 + 9));
        b.add(exchange("GET", "/orders", 200, JSON, Body.EMPTY, micros[i]));
      }
      ServiceMap.Latency l = b.build("c", ServiceMapCoverage.none()).endpoints().get(0).latency();
      Arrays.sort(micros);
      String why = "seed " + seed + ", " + n + " samples";
      assertThat(l.p50Millis()).as(why).isCloseTo(exact(micros, 50), within(tolerance(micros)));
      assertThat(l.p90Millis()).as(why).isCloseTo(exact(micros, 90), within(tolerance(micros)));
      assertThat(l.p99Millis()).as(why).isCloseTo(exact(micros, 99), within(tolerance(micros)));
    }
  }

  /** The nearest-rank quantile in milliseconds, as HdrHistogram defines it. */
  private static double exact(long[] sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1000.0;
  }

  private static double tolerance(long[] sorted) {
    return sorted[sorted.length - 1] / 1000.0 * 0.001 + 0.001;
  }

  @Test
  void infersTheSchemaWithOptionalFieldsAndArrayElementTypes() {
    ServiceMapBuilder b = builder(100);
    for (int i = 0; i < 8; i++) {
      String coupon = i < 5 ? ", \"coupon\": \"SPRING\"" : "";
      String items =
          i % 2 == 0
              ? "[{\"sku\": \"SKU-1\", \"qty\": 2}, {\"sku\": \"SKU-2\", \"qty\": 1, \"note\": null}]"
              : "[]";
      b.add(
          exchange(
              "GET",
              "/orders/" + (50001 + i),
              200,
              JSON,
              "{\"id\": " + i + ", \"items\": " + items + coupon + ", \"tags\": [\"a\", 1]}"));
    }
    b.add(exchange("GET", "/orders/50009", 404, JSON, "{\"error\": \"not_found\"}"));

    ServiceMap.Entry e = b.build("c", ServiceMapCoverage.none()).endpoints().get(0);

    ServiceMap.Schema s = e.schema();
    assertThat(s.bodies()).isEqualTo(8);
    assertThat(s.examined()).isEqualTo(8);
    assertThat(s.json()).isEqualTo(8);
    assertThat(s.fields())
        .extracting(ServiceMap.Field::path)
        .containsExactly(
            "$",
            "$.id",
            "$.items",
            "$.items[]",
            "$.items[].sku",
            "$.items[].qty",
            "$.items[].note",
            "$.coupon",
            "$.tags",
            "$.tags[]")
        .as("the 404's error body is not part of the schema of the answers")
        .doesNotContain("$.error");
    assertThat(field(e, "$").types()).containsExactly("object");
    assertThat(field(e, "$").presence()).isNaN();
    assertThat(field(e, "$.id").optional()).isFalse();
    assertThat(field(e, "$.coupon").presence()).isEqualTo(5 / 8.0);
    assertThat(field(e, "$.coupon").optional()).isTrue();
    assertThat(field(e, "$.items[]").types()).containsExactly("object");
    assertThat(field(e, "$.items[]").seen()).isEqualTo(8);
    assertThat(field(e, "$.items[].sku").presence()).isEqualTo(1.0);
    assertThat(field(e, "$.items[].note").presence()).isEqualTo(0.5);
    assertThat(field(e, "$.items[].note").types()).containsExactly("null");
    assertThat(field(e, "$.tags[]").types()).containsExactly("number", "string");
  }

  @Test
  void decodesGzipBodiesBeforeReadingThemAsJson() throws IOException {
    ServiceMapBuilder b = builder(100);
    Headers gzipJson = Headers.of("Content-Type", "application/json", "Content-Encoding", "gzip");
    b.add(
        exchange(
            "GET", "/customers/1001", 200, gzipJson, Body.of(gzip("{\"email\": \"a@b.c\"}")), 10));
    // a capture tool that stored the body decoded but kept the header
    b.add(exchange("GET", "/customers/1002", 200, gzipJson, Body.of("{\"email\": null}"), 10));
    b.add(exchange("GET", "/customers/1003", 200, gzipJson, Body.of(corruptGzip()), 10));

    ServiceMap.Entry e = b.build("c", ServiceMapCoverage.none()).endpoints().get(0);

    assertThat(e.schema().json()).isEqualTo(2);
    assertThat(field(e, "$.email").types()).containsExactlyInAnyOrder("string", "null");
    assertThat(e.schema().undecodable()).isEqualTo(1);
  }

  @Test
  void notesBodiesThatAreNotJsonInsteadOfInferringThem() {
    ServiceMapBuilder b = builder(100);
    Headers csv = Headers.of("Content-Type", "text/csv; charset=utf-8");
    b.add(exchange("GET", "/reports/daily/2024-03-05", 200, csv, "order_id,total\n1,2\n"));
    b.add(exchange("GET", "/reports/daily/2024-03-06", 200, csv, "order_id,total\n"));
    b.add(exchange("GET", "/reports/daily/2024-03-07", 200, JSON, "{\"cut\": "));
    b.add(exchange("GET", "/reports/daily/2024-03-08", 200, Headers.EMPTY, "plain words"));
    b.add(exchange("GET", "/reports/daily/2024-03-09", 200, Headers.EMPTY, "[true]"));
    byte[] long_ = "{\"rows\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);
    b.add(
        exchange(
            "GET",
            "/reports/daily/2024-03-10",
            200,
            JSON,
            new Body(Arrays.copyOf(long_, 9), long_.length, true),
            10));

    ServiceMap.Schema s = b.build("c", ServiceMapCoverage.none()).endpoints().get(0).schema();

    assertThat(s.notInferred())
        .isEqualTo(Map.of("text/csv", 2L, ServiceMapSchema.UNKNOWN_TYPE, 1L));
    assertThat(s.invalidJson()).isEqualTo(1);
    assertThat(s.truncated()).isEqualTo(1);
    assertThat(s.json()).as("a body without a type that looks like JSON is read").isEqualTo(1);
    assertThat(ServiceMapText.notes(s))
        .contains(
            "text/csv, not inferred (2 bodies)",
            "1 body said JSON but did not parse",
            "1 body cut at capture, too short to parse");
  }

  @Test
  void readsOnlyTheFirstBodiesOfEachEndpoint() {
    ServiceMapBuilder b = builder(3);
    for (int i = 0; i < 5; i++) {
      String late = i == 4 ? ", \"late\": true" : "";
      b.add(exchange("GET", "/orders", 200, JSON, "{\"count\": " + i + late + "}"));
    }

    ServiceMap.Schema s = b.build("c", ServiceMapCoverage.none()).endpoints().get(0).schema();

    assertThat(s.bodies()).isEqualTo(5);
    assertThat(s.examined()).isEqualTo(3);
    assertThat(s.fields()).extracting(ServiceMap.Field::path).containsExactly("$", "$.count");
  }

  @Test
  void summarisesTheVersionsAndTimesOfAPackumentAsKeyedObjects() throws IOException {
    ServiceMapBuilder b = builder(10);
    // one endpoint (GET /packages/{id}) answering two packages' documents
    List<String> names = List.of("tiny-pad", "tiny-util");
    for (int i = 0; i < names.size(); i++) {
      String body = mapFixture("packument-" + names.get(i) + ".json");
      b.add(exchange("GET", "/packages/" + (101 + i), 200, JSON, body));
    }

    ServiceMap.Entry e = b.build("c", ServiceMapCoverage.none()).endpoints().get(0);
    List<String> paths = e.schema().fields().stream().map(ServiceMap.Field::path).toList();

    assertThat(paths)
        .contains(
            "$.versions",
            "$.versions{key}",
            "$.versions{key}.version",
            "$.versions{key}.dist.tarball",
            "$.time{key}",
            "$.time.created",
            "$.time.modified",
            "$[\"dist-tags\"].latest")
        .noneMatch(p -> p.contains("1.0.0") || p.contains("3.10.12") || p.contains("rc.1"));
    assertThat(paths).as("a path per field, not per version").hasSizeLessThan(40);
    assertThat(e.schema().fieldsCut()).isFalse();
    // 12 versions in two answers, each with a version field
    assertThat(field(e, "$.versions{key}").seen()).isEqualTo(12);
    assertThat(field(e, "$.versions{key}.version").presence()).isEqualTo(1.0);
    assertThat(field(e, "$.time{key}").types()).containsExactly("string");
    assertThat(field(e, "$.time.created").presence()).isEqualTo(1.0);
  }

  @Test
  void summarisesObjectsKeyedByIdsUuidsHashesAndDates() {
    ServiceMapBuilder b = builder(10);
    b.add(
        exchange(
            "GET",
            "/stock",
            200,
            JSON,
            "{\"byId\": {\"1001\": {\"qty\": 3}, \"1002\": {\"qty\": 0}},"
                + " \"byUuid\": {\"6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6\": true},"
                + " \"bySha\": {\"9c0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2\": 1},"
                + " \"byDay\": {\"2026-11-20\": 5, \"2026-11-21T00:00:00Z\": 6}}"));

    ServiceMap.Entry e = b.build("c", ServiceMapCoverage.none()).endpoints().get(0);

    assertThat(e.schema().fields())
        .extracting(ServiceMap.Field::path)
        .containsExactly(
            "$",
            "$.byId",
            "$.byId{key}",
            "$.byId{key}.qty",
            "$.byUuid",
            "$.byUuid{key}",
            "$.bySha",
            "$.bySha{key}",
            "$.byDay",
            "$.byDay{key}");
    assertThat(field(e, "$.byId{key}").seen()).isEqualTo(2);
    assertThat(field(e, "$.byDay{key}").optional()).isFalse();
  }

  @Test
  void anOrdinaryObjectKeepsItsFieldNamesEvenWhenTheyHoldDigits() {
    ServiceMapBuilder b = builder(10);
    b.add(
        exchange(
            "GET",
            "/files/1",
            200,
            JSON,
            "{\"id\": 1, \"name\": \"a\", \"sha256\": \"ab\", \"v2\": true, \"x509\": null,"
                + " \"utf8\": \"y\", \"created_at\": \"2026-11-20\", \"http2\": false,"
                + " \"deadbeef\": 0, \"2fa\": true}"));

    ServiceMap.Entry e = b.build("c", ServiceMapCoverage.none()).endpoints().get(0);

    assertThat(e.schema().fields())
        .extracting(ServiceMap.Field::path)
        .containsExactly(
            "$",
            "$.id",
            "$.name",
            "$.sha256",
            "$.v2",
            "$.x509",
            "$.utf8",
            "$.created_at",
            "$.http2",
            "$.deadbeef",
            "$[\"2fa\"]")
        .noneMatch(p -> p.contains("{key}"));
  }

  static String mapFixture(String name) throws IOException {
    try (var in = ServiceMapBuilderTest.class.getResourceAsStream("/fixtures/report/map/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void keepsAtMostSoManyPathsWhenAnObjectIsUsedAsADictionary() {
    StringBuilder dictionary = new StringBuilder("{");
    for (int i = 0; i < ServiceMapBuilder.MAX_FIELDS + 50; i++) {
      dictionary.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": 1");
    }
    ServiceMapBuilder b = builder(1);
    b.add(exchange("GET", "/stock", 200, JSON, dictionary.append('}').toString()));

    ServiceMap.Schema s = b.build("c", ServiceMapCoverage.none()).endpoints().get(0).schema();

    assertThat(s.fields()).hasSize(ServiceMapBuilder.MAX_FIELDS);
    assertThat(s.fieldsCut()).isTrue();
  }

  @Test
  void countsButDoesNotKeepEndpointsPastTheMaximum() {
    ServiceMapBuilder b = builder(0);
    int extra = 7;
    for (int i = 0; i < ServiceMapBuilder.MAX_ENDPOINTS + extra; i++) {
      b.add(exchange("GET", "/" + letters(i), 200, JSON, Body.EMPTY, 5));
    }

    ServiceMap map = b.build("c", ServiceMapCoverage.none());

    assertThat(map.endpoints()).hasSize(ServiceMapBuilder.MAX_ENDPOINTS);
    assertThat(map.endpointsDropped()).isEqualTo(extra);
    assertThat(map.requestsDropped()).isEqualTo(extra);
    assertThat(map.requests()).isEqualTo(ServiceMapBuilder.MAX_ENDPOINTS + extra);
  }

  @Test
  void quotesKeysThatAreNotPlainNames() {
    assertThat(ServiceMapSchema.child("$", "unit price")).isEqualTo("$[\"unit price\"]");
    assertThat(ServiceMapSchema.child("$", "a\"b")).isEqualTo("$[\"a\\\"b\"]");
    assertThat(ServiceMapSchema.child("$.x[]", "sku_2")).isEqualTo("$.x[].sku_2");
  }

  /** A route name without digits, so the grouper keeps each one apart: a, b, ..., ba, bb ... */
  private static String letters(int n) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return sb.toString();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** The gzip magic number followed by bytes that are no deflate stream. */
  private static byte[] corruptGzip() {
    return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xff, 1, 2};
  }
}
