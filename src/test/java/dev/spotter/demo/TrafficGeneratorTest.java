package dev.spotter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Exchange;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
  private static final long SEED = 20_240_301L;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static LegacyOrdersService primary;
  private static List<Exchange> traffic;

  @BeforeAll
  static void record() {
    primary = LegacyOrdersService.start(Build.OLD, 0);
    traffic = TrafficGenerator.withDefaults().run(primary.baseUri(), 400, SEED);
  }

  @AfterAll
  static void stop() {
    primary.close();
  }

  /** What a request is, without where it was sent. */
  record Sent(String method, String pathAndQuery, Object headers, Object body) {
    static Sent of(HttpRequestData r) {
      return new Sent(r.method(), r.pathAndQuery(), r.headers(), r.body());
    }
  }

  @Test
  void theSameSeedSendsTheSameRequestsToAnyInstance() {
    try (LegacyOrdersService other = LegacyOrdersService.start(Build.NEW, 0)) {
      List<Exchange> again =
          new TrafficGenerator(2, Duration.ofSeconds(10)).run(other.baseUri(), 400, SEED);
      assertThat(again.stream().map(e -> Sent.of(e.request())).toList())
          .as("seed %d", SEED)
          .isEqualTo(traffic.stream().map(e -> Sent.of(e.request())).toList());
      List<Exchange> otherSeed = TrafficGenerator.withDefaults().run(other.baseUri(), 50, SEED + 1);
      assertThat(otherSeed.stream().map(e -> Sent.of(e.request())).toList())
          .isNotEqualTo(traffic.subList(0, 50).stream().map(e -> Sent.of(e.request())).toList());
    }
  }

  @Test
  void everyEndpointIsCalledAndMostCallsAreGets() {
    Set<Endpoint> called =
        traffic.stream()
            .map(e -> LegacyOrdersService.endpointOf(e.request().method(), e.request().path()))
            .map(o -> o.orElseThrow())
            .collect(Collectors.toSet());
    assertThat(called).containsExactlyInAnyOrderElementsOf(LegacyOrdersService.ENDPOINTS);
    long gets = traffic.stream().filter(e -> e.request().method().equals("GET")).count();
    long posts = traffic.stream().filter(e -> e.request().method().equals("POST")).count();
    assertThat(posts).as("seed %d", SEED).isGreaterThanOrEqualTo(10);
    assertThat(gets).isGreaterThan(traffic.size() * 8L / 10);
    assertThat(primary.ordersAccepted()).isPositive();
  }

  @Test
  void theMixHasUnknownIdsQueryVariationsAndBadRequests() {
    Set<Integer> statuses =
        traffic.stream().map(e -> e.response().status()).collect(Collectors.toSet());
    assertThat(statuses).contains(200, 202, 400, 404, 422);
    long distinctSearches =
        traffic.stream()
            .map(e -> e.request().pathAndQuery())
            .filter(p -> p.startsWith("/orders?") || p.equals("/orders"))
            .distinct()
            .count();
    assertThat(distinctSearches).isGreaterThan(10);
  }

  @Test
  void everyRequestCarriesABearerTokenAndSomeCarryACookie() {
    assertThat(traffic)
        .allSatisfy(
            e ->
                assertThat(e.request().headers().first("Authorization"))
                    .get()
                    .asString()
                    .startsWith("Bearer ")
                    .hasSizeGreaterThan(40));
    long withCookie =
        traffic.stream().filter(e -> e.request().headers().contains("Cookie")).count();
    assertThat(withCookie).isBetween(20L, (long) traffic.size() - 20);
  }

  @Test
  void exchangesAreRecordedAsTheClientSawThem() throws Exception {
    for (int i = 0; i < traffic.size(); i++) {
      Exchange e = traffic.get(i);
      assertThat(e.id()).isEqualTo("demo-" + (i + 1));
      assertThat(e.source()).isEqualTo("demo");
      assertThat(e.request().url()).startsWith(primary.baseUri() + "/");
      assertThat(e.startedAt()).isNotNull().isBefore(Instant.now());
      assertThat(e.durationMicros()).isNotNegative();
      assertThat(e.response()).isNotNull();
      if (e.request().method().equals("POST")) {
        assertThat(e.request().headers().first("Content-Type")).contains("application/json");
        assertThat(MAPPER.readTree(e.request().body().bytes()).has("items")).isTrue();
      }
    }
  }

  @Test
  void gzippedAnswersAreStoredDecodedWithTheirHeadersAsReceived() throws Exception {
    List<Exchange> gzipped =
        traffic.stream()
            .filter(e -> e.response().headers().first("Content-Encoding").isPresent())
            .toList();
    assertThat(gzipped).hasSizeGreaterThan(10);
    for (Exchange e : gzipped) {
      assertThat(e.response().headers().first("Content-Encoding")).contains("gzip");
      assertThat(e.request().headers().first("Accept-Encoding")).get().asString().contains("gzip");
      // no gzip magic number left: the stored body is what the server meant, not what it sent
      assertThat(e.response().body().bytes()[0]).isNotEqualTo((byte) 0x1f);
      String text = e.response().body().utf8();
      assertThat(text.startsWith("{") || text.startsWith("order_id,")).as(text).isTrue();
    }
  }

  @Test
  void aServiceThatIsNotThereIsAClearRetryableError() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + freePort);
    assertThatThrownBy(() -> TrafficGenerator.withDefaults().run(nowhere, 5, SEED))
        .isInstanceOf(SpotterException.class)
        .satisfies(
            e -> {
              SpotterException s = (SpotterException) e;
              assertThat(s.code()).isEqualTo("demo.request_failed");
              assertThat(s.retryable()).isTrue();
            })
        .hasMessageContaining("127.0.0.1:" + freePort);
  }

  @Test
  void impossibleSettingsAreRefusedWithACode() {
    assertThatThrownBy(() -> TrafficGenerator.withDefaults().run(primary.baseUri(), 0, SEED))
        .isInstanceOf(SpotterException.class)
        .extracting(e -> ((SpotterException) e).code())
        .isEqualTo("demo.request_count_invalid");
    assertThatThrownBy(() -> new TrafficGenerator(0, Duration.ofSeconds(1)))
        .isInstanceOf(SpotterException.class)
        .extracting(e -> ((SpotterException) e).code())
        .isEqualTo("demo.concurrency_invalid");
    assertThatThrownBy(() -> new TrafficGenerator(2, Duration.ZERO))
        .isInstanceOf(SpotterException.class)
        .extracting(e -> ((SpotterException) e).code())
        .isEqualTo("demo.timeout_invalid");
  }
}
