package dev.spotter.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCause;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Endpoint;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.report.CheckText;
import dev.spotter.report.HtmlReport;
import dev.spotter.report.JsonReport;
import dev.spotter.report.ReportLimits;
import dev.spotter.testsupport.RawHttp;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A shadow that does not mirror writes, in front of a service holding state: after a write only the
 * primary took, the mirrors answer reads from a state the primary left behind.
 */
class ShadowDriftTest {
  /** A store of items: POST /items adds one, GET /items lists them, GET /items/count counts. */
  private static NettyTestServer.Handler items(List<String> held) {
    return (ctx, req) -> {
      String path = req.uri();
      if (req.method().name().equals("POST")) {
        held.add(req.content().toString(StandardCharsets.UTF_8));
        return json(201, "{\"added\":true}");
      }
      if (path.equals("/items/count")) {
        return json(200, "{\"count\":" + held.size() + "}");
      }
      return json(200, "{\"items\":[" + String.join(",", held) + "]}");
    };
  }

  private static FullHttpResponse json(int status, String body) {
    FullHttpResponse r = NettyTestServer.response(status, body.getBytes(StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return r;
  }

  @Test
  void readsAfterAWriteOnlyThePrimaryTookAreNamedDriftNotNondeterminism() throws Exception {
    List<String> primary = new CopyOnWriteArrayList<>();
    try (ShadowStack s =
        new ShadowStack(
            items(primary),
            items(new CopyOnWriteArrayList<>()),
            items(new CopyOnWriteArrayList<>()),
            UnaryOperator.identity())) {
      try (RawHttp c = RawHttp.connect(s.address())) {
        for (int i = 0; i < 10; i++) {
          assertThat(c.exchange("GET /items HTTP/1.1\r\nHost: shop\r\n\r\n").text())
              .contains("\"items\":[]");
        }
        String body = "{\"name\":\"left-pad\"}";
        assertThat(
                c.exchange(
                        "POST /items HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
                            + "Content-Length: "
                            + body.length()
                            + "\r\n\r\n"
                            + body)
                    .text())
            .contains("added");
        for (int i = 0; i < 14; i++) {
          c.exchange("GET /items HTTP/1.1\r\nHost: shop\r\n\r\n");
          c.exchange("GET /items/count HTTP/1.1\r\nHost: shop\r\n\r\n");
        }
      }
      assertThat(primary).hasSize(1);

      CheckResult result = s.finish();

      assertThat(result.drift().writes()).isOne();
      assertThat(result.drift().byEndpoint()).containsEntry(new Endpoint("POST", "/items"), 1L);
      assertThat(result.drift().first().reached()).containsExactly("primary");
      List<Finding> read =
          result.endpoints().stream()
              .filter(e -> e.endpoint().method().equals("GET"))
              .flatMap((EndpointReport e) -> e.findings().stream())
              .toList();
      assertThat(read).as("both read endpoints differ after the write").hasSizeGreaterThan(1);
      assertThat(read)
          .allSatisfy(
              f -> {
                assertThat(f.cause()).as(f.reason()).isEqualTo(FindingCause.STATE_DRIFT);
                assertThat(f.verdict()).isEqualTo(Verdict.UNDECIDED);
                assertThat(f.reason())
                    .startsWith("State may have drifted: 1 write reached the primary only")
                    .contains("first: POST /items at")
                    .contains("not mirrored without --allow-side-effects")
                    .contains("replay with --allow-side-effects against disposable copies")
                    .doesNotContain("nondeterministic");
              });
      assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.UNDECIDED);
      assertThat(result.repeats().exchanges()).as("asking again cannot undo a write").isZero();

      assertThat(CheckText.drift(result))
          .contains("1 write reached the primary only")
          .contains("marked \"state may have drifted\"; to judge them, replay with");
      String json = JsonReport.toJson(result);
      assertThat(json).contains("\"cause\" : \"state_drift\"").contains("\"writes\" : 1");
      assertThat(json).doesNotContain("nondeterministic");
      String html = new HtmlReport(ReportLimits.defaults()).render(result);
      assertThat(html).contains("State may have drifted").doesNotContain("nondeterministic");
    }
  }
}
