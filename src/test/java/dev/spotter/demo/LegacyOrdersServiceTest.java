package dev.spotter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LegacyOrdersServiceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] AUTH = {"Authorization", "Bearer test-token-1234567890"};

  private static LegacyOrdersService old;
  private static LegacyOrdersService neu;

  @BeforeAll
  static void start() {
    old = LegacyOrdersService.start(Build.OLD, 0);
    neu = LegacyOrdersService.start(Build.NEW, 0);
  }

  @AfterAll
  static void stop() {
    old.close();
    neu.close();
  }

  private static LegacyOrdersService instance(Build build) {
    return build == Build.OLD ? old : neu;
  }

  record Sample(String method, String pathAndQuery, int status, String contentType, String body) {}

  private static List<Sample> samples() throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (String line : fixture("endpoint-samples.txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      samples.add(
          new Sample(
              f[0], f[1], Integer.parseInt(f[2]), f[3], f.length > 4 ? fixture(f[4]) : null));
    }
    return samples;
  }

  @ParameterizedTest
  @EnumSource(Build.class)
  void everyEndpointAnswersInBothBuilds(Build build) throws Exception {
    Set<Endpoint> answered = new HashSet<>();
    for (Sample s : samples()) {
      HttpResponseData response =
          Replay.send(
              instance(build).baseUri(),
              s.method(),
              s.pathAndQuery(),
              s.body() == null ? Body.EMPTY : Body.of(s.body()),
              "Authorization",
              AUTH[1],
              "Content-Type",
              "application/json");
      assertThat(response.status()).as(build + " " + s).isEqualTo(s.status());
      assertThat(response.headers().first("Content-Type"))
          .as(build + " " + s)
          .get()
          .asString()
          .startsWith(s.contentType());
      assertThat(response.body().isEmpty()).as(build + " " + s).isFalse();
      String path = s.pathAndQuery().replaceAll("\\?.*", "");
      answered.add(LegacyOrdersService.endpointOf(s.method(), path).orElseThrow());
    }
    assertThat(answered).containsExactlyInAnyOrderElementsOf(LegacyOrdersService.ENDPOINTS);
  }

  @Test
  void unknownIdsAnswer404WithAJsonErrorBody() throws Exception {
    for (String path :
        List.of("/orders/70001", "/customers/9999", "/customers/9999/orders", "/products/SKU-1")) {
      HttpResponseData response = Replay.send(old.baseUri(), "GET", path, AUTH);
      assertThat(response.status()).as(path).isEqualTo(404);
      JsonNode error = MAPPER.readTree(response.body().bytes());
      assertThat(error.path("error").asText()).as(path).isEqualTo("not_found");
      assertThat(error.path("message").asText()).as(path).contains(path.split("/")[2]);
      assertThat(error.path("requestId").asText())
          .isEqualTo(response.headers().first("X-Request-Id").orElseThrow());
    }
  }

  @Test
  void badFiltersAndDatesAnswer400() throws Exception {
    for (String path :
        List.of(
            "/orders?status=archived",
            "/orders?limit=500",
            "/orders?customer=abc",
            "/orders/abc",
            "/reports/daily/2024-02-30")) {
      HttpResponseData response = Replay.send(old.baseUri(), "GET", path, AUTH);
      assertThat(response.status()).as(path).isEqualTo(400);
      assertThat(MAPPER.readTree(response.body().bytes()).path("error").asText())
          .isEqualTo("bad_request");
    }
  }

  @Test
  void aRequestWithoutBearerTokenIsRefusedExceptForHealth() throws Exception {
    HttpResponseData refused = Replay.send(old.baseUri(), "GET", "/orders/50001");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().first("WWW-Authenticate")).contains("Bearer realm=\"orders\"");
    assertThat(Replay.send(old.baseUri(), "GET", "/health").status()).isEqualTo(200);
  }

  @Test
  void anotherMethodGets405WithAllowAndAnUnknownPath404() throws Exception {
    HttpResponseData wrongMethod = Replay.send(old.baseUri(), "DELETE", "/orders/50001", AUTH);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers().first("Allow")).contains("GET");
    HttpResponseData unknown = Replay.send(old.baseUri(), "GET", "/invoices/1", AUTH);
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void placingAnOrderIsASideEffectAndBadOrdersAreRefused() throws Exception {
    try (LegacyOrdersService fresh = LegacyOrdersService.start(Build.OLD, 0)) {
      HttpResponseData accepted =
          Replay.send(
              fresh.baseUri(), "POST", "/orders", Body.of(fixture("place-order.json")), AUTH);
      assertThat(accepted.status()).isEqualTo(202);
      JsonNode body = MAPPER.readTree(accepted.body().bytes());
      assertThat(accepted.headers().first("Location"))
          .contains("/orders/intake/" + body.path("intakeId").asText());
      // 2 x 34.50 + 1 x 19.99, summed as doubles
      assertThat(body.path("total").asDouble())
          .isCloseTo(88.99, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(fresh.ordersAccepted()).isEqualTo(1);

      HttpResponseData unknownSku =
          Replay.send(
              fresh.baseUri(),
              "POST",
              "/orders",
              Body.of(fixture("order-with-unknown-sku.json")),
              AUTH);
      assertThat(unknownSku.status()).isEqualTo(422);
      assertThat(MAPPER.readTree(unknownSku.body().bytes()).path("message").asText())
          .contains("SKU-99999");
      HttpResponseData notJson =
          Replay.send(fresh.baseUri(), "POST", "/orders", Body.of("customerId=1"), AUTH);
      assertThat(notJson.status()).isEqualTo(400);
      assertThat(fresh.ordersAccepted()).isEqualTo(1);
    }
  }

  @Test
  void gzipIsServedWhenTheClientAcceptsItAndOnlyThen() throws Exception {
    URI base = old.baseUri();
    HttpResponse<byte[]> zipped =
        Replay.raw(
            base, "/orders?limit=50", "Accept-Encoding", "gzip, deflate, br", AUTH[0], AUTH[1]);
    assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(zipped.headers().firstValue("Vary")).contains("Accept-Encoding");
    JsonNode listing = MAPPER.readTree(gunzip(zipped.body()));
    assertThat(listing.path("orders").size()).isEqualTo(50);

    HttpResponse<byte[]> report =
        Replay.raw(base, "/reports/daily/2024-03-05", "Accept-Encoding", "gzip", AUTH[0], AUTH[1]);
    assertThat(report.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(new String(gunzip(report.body()), StandardCharsets.UTF_8))
        .startsWith("order_id,customer_id,status,items,total\n");

    HttpResponse<byte[]> plain = Replay.raw(base, "/orders?limit=50", AUTH);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(MAPPER.readTree(plain.body()).path("orders").size()).isEqualTo(50);

    HttpResponse<byte[]> refused =
        Replay.raw(
            base, "/orders?limit=50", "Accept-Encoding", "gzip;q=0, identity", AUTH[0], AUTH[1]);
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();

    HttpResponse<byte[]> single =
        Replay.raw(base, "/orders/50001", "Accept-Encoding", "gzip", AUTH[0], AUTH[1]);
    assertThat(single.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void bothBuildsServeTheSameDataFromTheFixedSeed() throws Exception {
    for (String path :
        List.of("/orders?limit=100", "/reports/daily/2024-03-17", "/customers/1010/orders")) {
      HttpResponseData a = Replay.send(old.baseUri(), "GET", path, AUTH);
      HttpResponseData b = Replay.send(neu.baseUri(), "GET", path, AUTH);
      assertThat(ResponseTree.diff(a, b))
          .as(path)
          .allSatisfy(d -> assertThat(NoisePath.isNoise(d.path())).as(d.toString()).isTrue());
    }
  }

  @Test
  void twoCallsToOneInstanceDifferInTheirStamps() throws Exception {
    HttpResponseData first = Replay.send(old.baseUri(), "GET", "/customers/1001", AUTH);
    HttpResponseData second = Replay.send(old.baseUri(), "GET", "/customers/1001", AUTH);
    assertThat(ResponseTree.diff(first, second))
        .extracting(ResponseTree.Difference::path)
        .contains("/body/servedAt", "/body/requestId", "/headers/x-request-id");
  }

  @Test
  void aBusyPortIsAClearErrorAndCloseStopsListening() throws Exception {
    LegacyOrdersService first = LegacyOrdersService.start(Build.OLD, 0);
    URI base = first.baseUri();
    assertThat(base.toString()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
    assertThatThrownBy(() -> LegacyOrdersService.start(Build.NEW, first.port()))
        .isInstanceOf(SpotterException.class)
        .satisfies(
            e -> assertThat(((SpotterException) e).code()).isEqualTo("demo.port_unavailable"))
        .hasMessageContaining("127.0.0.1:" + first.port());
    first.close();
    first.close();
    assertThatThrownBy(() -> Replay.send(base, "GET", "/health"))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void endpointOfMatchesTheWayTheServiceRoutes() {
    assertThat(LegacyOrdersService.endpointOf("get", "/products/SKU-10042"))
        .contains(new Endpoint("GET", "/products/{sku}"));
    assertThat(LegacyOrdersService.endpointOf("GET", "/customers/7/orders"))
        .contains(new Endpoint("GET", "/customers/{id}/orders"));
    assertThat(LegacyOrdersService.endpointOf("POST", "/orders"))
        .contains(new Endpoint("POST", "/orders"));
    assertThat(LegacyOrdersService.endpointOf("GET", "/orders/")).isEmpty();
    assertThat(LegacyOrdersService.endpointOf("DELETE", "/orders/1")).isEmpty();
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  static String fixture(String name) throws IOException {
    try (InputStream in =
        LegacyOrdersServiceTest.class.getResourceAsStream("/fixtures/demo/" + name)) {
      if (in == null) {
        throw new IOException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
