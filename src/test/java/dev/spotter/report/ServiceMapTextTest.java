package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service map as people read it and as machines read it. */
class ServiceMapTextTest {
  private int ids;

  /**
   * Five orders (three with a coupon), one product of twenty fields, one CSV report and one POST
   * without response; the orders covered by check run 12, the report by guard 3.
   */
  private ServiceMap sample() {
    ServiceMapBuilder b = ServiceMapBuilderTest.builder(100);
    for (int i = 0; i < 5; i++) {
      String coupon = i < 3 ? ", \"coupon\": \"X\"" : "";
      b.add(
          exchange(
              "GET",
              "/orders/" + (5001 + i),
              200,
              "application/json",
              "{\"id\": 1" + coupon + "}"));
    }
    StringBuilder product = new StringBuilder("{\"f0\": 0");
    for (int i = 1; i < 20; i++) {
      product.append(", \"f").append(i).append("\": ").append(i);
    }
    b.add(exchange("GET", "/products/SKU-10001", 200, "application/json", product + "}"));
    b.add(exchange("GET", "/reports/daily/2024-03-05", 200, "text/csv", "a,b\n"));
    b.add(
        new Exchange(
            "lost",
            new HttpRequestData("POST", "/orders", Headers.EMPTY, Body.of("{}")),
            null,
            null,
            -1,
            "test"));
    return covered(b.build("c", ServiceMapCoverage.none()));
  }

  private Exchange exchange(String method, String url, int status, String type, String body) {
    return new Exchange(
        "e" + ++ids,
        new HttpRequestData(method, url, Headers.EMPTY, Body.EMPTY),
        new HttpResponseData(status, Headers.of("Content-Type", type), Body.of(body)),
        null,
        (ids % 4 + 1) * 1500L,
        "test");
  }

  private static ServiceMap covered(ServiceMap map) {
    List<ServiceMap.Entry> entries = new ArrayList<>();
    for (ServiceMap.Entry e : map.endpoints()) {
      ServiceMap.Coverage c =
          switch (e.endpoint().toString()) {
            case "GET /orders/{id}" -> new ServiceMap.Coverage("12", "check", List.of());
            case "GET /reports/daily/{id}" -> new ServiceMap.Coverage(null, null, List.of(3L));
            default -> ServiceMap.Coverage.NONE;
          };
      entries.add(
          new ServiceMap.Entry(
              e.endpoint(), e.requests(), e.share(), e.statuses(), e.latency(), e.schema(), c));
    }
    return new ServiceMap(map.corpus(), map.requests(), entries, map.schemaBodies(), 0, 0, 1, 1);
  }

  @Test
  void showsTheTableRankedByShareWithWhatCoversEachEndpoint() {
    String text = ServiceMapText.render(sample());

    assertThat(text)
        .startsWith("Service map of corpus 'c': 8 requests, 4 endpoints, 2 gaps.\n")
        .contains("Coverage from 1 stored check or shadow run and 1 active guard.");
    List<String> lines = text.lines().toList();
    int header =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("ENDPOINT")).findFirst().orElseThrow());
    assertThat(lines.get(header))
        .contains("SHARE", "REQUESTS", "2XX", "5XX", "P50", "P99", "COVERED BY");
    assertThat(lines.get(header + 1))
        .startsWith("GET /orders/{id}")
        .contains("62.5 %", "check run 12");
    assertThat(lines.get(header + 2)).startsWith("GET /products/{id}").endsWith("GAP");
    assertThat(lines.get(header + 3)).startsWith("GET /reports/daily/{id}").endsWith("guard 3");
    assertThat(lines.get(header + 4)).startsWith("POST /orders").contains("–").endsWith("GAP");
  }

  @Test
  void listsTheGapsWithOneSentenceEach() {
    String text = ServiceMapText.render(sample());

    assertThat(text)
        .contains(
            "  GET /products/{id}: 12.5 % of the traffic (1 request), yet no stored check run"
                + " compared it and no active guard replays it.\n")
        .contains(
            "  POST /orders: 12.5 % of the traffic (1 request), yet no stored check run compared"
                + " it and no active guard replays it; checks replay POST only with"
                + " --allow-side-effects, so a guard may be the safer way to cover it.\n");
  }

  @Test
  void showsTheFirstFieldsOfEachSchemaAndWhatWasNotInferred() {
    String text = ServiceMapText.render(sample());

    assertThat(text)
        .contains("GET /orders/{id}: 5 of 5 bodies read, 5 JSON")
        .containsPattern("\n  \\$\\.coupon +string  optional \\(60 %\\)\n")
        .containsPattern("\n  \\$\\.id +number\n")
        .contains("  $.f13  number\n")
        .doesNotContain("$.f14 ")
        .contains("  ... and 6 more paths (--json lists every path)")
        .contains(
            "GET /reports/daily/{id}: 1 of 1 body read, 0 JSON\n  text/csv, not inferred (1 body)")
        .contains("POST /orders: 0 of 0 bodies read, 0 JSON\n  no 2xx answer with a body");
  }

  @Test
  void theJsonHasEveryEndpointAndPathInSnakeCaseWithNullForNoLatency() throws Exception {
    JsonNode root = new ObjectMapper().readTree(ServiceMapJson.render(sample()));

    assertThat(root.get("kind").asText()).isEqualTo("service_map");
    assertThat(root.get("requests").asLong()).isEqualTo(8);
    assertThat(root.get("gaps"))
        .extracting(JsonNode::asText)
        .containsExactly("GET /products/{id}", "POST /orders");
    JsonNode orders = root.get("endpoints").get(0);
    assertThat(orders.get("endpoint").asText()).isEqualTo("GET /orders/{id}");
    assertThat(orders.get("share").asDouble()).isEqualTo(0.625);
    assertThat(orders.get("status").get("2xx").asLong()).isEqualTo(5);
    assertThat(orders.get("coverage").get("run_id").asText()).isEqualTo("12");
    assertThat(orders.get("coverage").get("gap").asBoolean()).isFalse();
    JsonNode coupon = orders.get("schema").get("fields").get(2);
    assertThat(coupon.get("path").asText()).isEqualTo("$.coupon");
    assertThat(coupon.get("presence").asDouble()).isEqualTo(0.6);
    assertThat(coupon.get("optional").asBoolean()).isTrue();
    assertThat(orders.get("schema").get("fields").get(0).get("presence").isNull()).isTrue();
    assertThat(root.get("endpoints").get(1).get("schema").get("fields")).hasSize(21);
    JsonNode post = root.get("endpoints").get(3);
    assertThat(post.get("latency_ms").get("p50").isNull()).isTrue();
    assertThat(post.get("status").get("no_response").asLong()).isEqualTo(1);
    assertThat(
            root.get("endpoints")
                .get(2)
                .get("schema")
                .get("not_inferred")
                .get(0)
                .get("media_type")
                .asText())
        .isEqualTo("text/csv");
    for (Iterator<String> names = orders.fieldNames(); names.hasNext(); ) {
      assertThat(names.next()).matches("[a-z0-9_]+");
    }
  }

  @Test
  void anEmptyCorpusGivesAHeaderAlone() {
    ServiceMap empty = ServiceMapBuilderTest.builder(10).build("e", ServiceMapCoverage.none());

    assertThat(ServiceMapText.render(empty))
        .isEqualTo(
            "Service map of corpus 'e': 0 requests, 0 endpoints, 0 gaps.\n"
                + "Coverage from 0 stored check or shadow runs and 0 active guards.\n");
  }
}
