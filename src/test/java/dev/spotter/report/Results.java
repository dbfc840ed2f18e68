package dev.spotter.report;

import static dev.spotter.diff.DifferenceKind.FIELD_ADDED;
import static dev.spotter.diff.DifferenceKind.FIELD_MISSING;
import static dev.spotter.diff.DifferenceKind.HEADER_CHANGED;
import static dev.spotter.diff.DifferenceKind.MEDIA_TYPE_CHANGED;
import static dev.spotter.diff.DifferenceKind.STATUS_CHANGED;
import static dev.spotter.diff.DifferenceKind.TYPE_CHANGED;
import static dev.spotter.diff.DifferenceKind.VALUE_CHANGED;
import static dev.spotter.report.ResultBuilder.answered;
import static dev.spotter.report.ResultBuilder.diff;
import static dev.spotter.report.ResultBuilder.exchange;
import static dev.spotter.report.ResultBuilder.fixture;
import static dev.spotter.report.ResultBuilder.get;
import static dev.spotter.report.ResultBuilder.noise;
import static dev.spotter.report.ResultBuilder.regression;
import static dev.spotter.report.ResultBuilder.undecided;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.ValueChange;
import dev.spotter.model.Headers;
import dev.spotter.replay.CheckResult;
import java.util.List;

/** The results report tests are written from: the legacy orders service, broken and not. */
final class Results {
  static final String GENERATED_AT_NOISE =
      "The secondary differs here as often as the candidate (400 and 400 of 400 requests): the"
          + " old build varies this value on its own.";

  static final String TOTAL_TYPE_CHANGED =
      "The candidate's value is a string where the primary's is a number in 400 of 400 requests;"
          + " the secondary never changes its type here.";

  private Results() {}

  /** Planted regressions: a renamed field, a number turned into a string, a 500 on one endpoint. */
  static CheckResult failing() {
    return orders(true).build();
  }

  /** The same traffic with only nondeterminism: every finding is noise. */
  static CheckResult passing() {
    return orders(false).build();
  }

  static ResultBuilder orders(boolean broken) {
    ResultBuilder b = new ResultBuilder();
    if (broken) {
      b.endpoint(
          "GET /orders/{id}",
          400,
          400,
          400,
          regression("/body/total", TYPE_CHANGED, 400, 0, TOTAL_TYPE_CHANGED, "1042", "1043"),
          regression(
              "/body/customerName",
              FIELD_MISSING,
              400,
              0,
              "The field is missing from the candidate's answer in 400 of 400 requests and never"
                  + " from the secondary's.",
              "1042"),
          regression(
              "/body/customer_name",
              FIELD_ADDED,
              400,
              0,
              "The candidate adds this field in 400 of 400 requests; the old build never has it.",
              "1042"),
          noise("/body/generatedAt", VALUE_CHANGED, 400, 400, GENERATED_AT_NOISE, "1042"),
          noise(
              "/body/tags/*",
              VALUE_CHANGED,
              0,
              212,
              "Only the secondary differs here (212 of 400 requests): the old build orders this"
                  + " array at random.",
              "1043"),
          noise(
              "/headers/x-trace-id",
              HEADER_CHANGED,
              400,
              400,
              "A new value on every answer of the old build too.",
              "1042"));
      b.endpoint(
          "GET /customers/{id}/summary",
          120,
          120,
          120,
          regression(
              "/status",
              STATUS_CHANGED,
              120,
              0,
              "The candidate answers 500 where the primary answers 200 in 120 of 120 requests.",
              "c-77"),
          regression(
              "/headers/content-type",
              MEDIA_TYPE_CHANGED,
              120,
              0,
              "application/json became text/html in 120 of 120 requests.",
              "c-77"),
          regression(
              "/body",
              TYPE_CHANGED,
              120,
              0,
              "The body is no longer JSON in 120 of 120 requests.",
              "c-77"),
          noise(
              "/headers/x-trace-id",
              HEADER_CHANGED,
              120,
              120,
              "A new value on every answer of the old build too.",
              "c-77"));
      b.example(orderExample("1042", true));
      b.example(orderExample("1043", true));
      b.example(customerExample());
    } else {
      b.endpoint(
          "GET /orders/{id}",
          400,
          400,
          0,
          noise("/body/generatedAt", VALUE_CHANGED, 400, 400, GENERATED_AT_NOISE, "1042"),
          noise(
              "/headers/x-trace-id",
              HEADER_CHANGED,
              400,
              400,
              "A new value on every answer of the old build too.",
              "1042"));
      b.endpoint("GET /customers/{id}/summary", 120, 0, 0);
      b.example(orderExample("1042", false));
    }
    b.endpoint(
        "GET /orders",
        300,
        300,
        0,
        noise("/body/generatedAt", VALUE_CHANGED, 300, 300, GENERATED_AT_NOISE));
    b.endpoint("GET /health", 60, 0, 0);
    b.skipped("side_effect_method", "POST is not replayed without --allow-side-effects", 35);
    return b;
  }

  static final String ETA_UNDECIDED =
      "The old build never varies here, but the candidate differs on only 2 of 400 requests: too"
          + " few to tell a change from a rare difference of the old build (p = 0.25, needs <"
          + " 0.01). Still undecided: asking again is off (replay.repeats).";

  /**
   * A path that changed on too few requests to decide, beside noise; with {@code regressions}, the
   * same endpoint also has the planted regressions, so one endpoint holds all three verdicts.
   */
  static CheckResult undecidedPath(boolean regressions) {
    ResultBuilder b = new ResultBuilder();
    List<dev.spotter.diff.noise.Finding> findings = new java.util.ArrayList<>();
    if (regressions) {
      findings.add(regression("/body/total", TYPE_CHANGED, 400, 0, TOTAL_TYPE_CHANGED, "1077"));
    }
    findings.add(undecided("/body/shipping/eta", VALUE_CHANGED, 2, ETA_UNDECIDED, "1077"));
    findings.add(noise("/body/generatedAt", VALUE_CHANGED, 400, 400, GENERATED_AT_NOISE, "1077"));
    b.endpoint(
        "GET /orders/{id}",
        400,
        400,
        regressions ? 400 : 0,
        findings.toArray(dev.spotter.diff.noise.Finding[]::new));
    b.endpoint("GET /health", 60, 0, 0);
    List<Difference> candidateDiffs = new java.util.ArrayList<>();
    if (regressions) {
      candidateDiffs.add(diff("/body/total", TYPE_CHANGED, "129.5", "\"129.50\""));
    }
    candidateDiffs.add(
        diff("/body/shipping/eta", VALUE_CHANGED, "\"2024-05-04\"", "\"2024-05-06\""));
    candidateDiffs.add(
        textual("/body/generatedAt", "2024-05-02T10:15:03.123Z", "2024-05-02T10:15:04.555Z"));
    b.example(
        exchange(
            "1077",
            "GET /orders/{id}",
            get("http://orders.internal/orders/1077", "Accept", "application/json"),
            answered(200, jsonHeaders("t-1"), fixture("order-primary.json")),
            answered(200, jsonHeaders("t-2"), fixture("order-secondary.json")),
            answered(
                200,
                jsonHeaders("t-3"),
                fixture(regressions ? "order-candidate-late.json" : "order-candidate-eta.json")),
            candidateDiffs,
            List.of(
                textual(
                    "/body/generatedAt", "2024-05-02T10:15:03.123Z", "2024-05-02T10:15:03.481Z"))));
    return b.build();
  }

  static final String STOCK_UNDECIDED =
      "The old build never varies here, but the candidate differs on only 3 of 96 asks (80"
          + " requests): too few to tell a change from a rare difference of the old build (p ="
          + " 0.125, needs < 0.01). Asked again 16 times on 1 request: the old build answered the"
          + " same 17 times, the new build differently 3 times. Still undecided: the check's"
          + " budget of 112 repeats is spent.";

  static final String NICKNAME_NOISE =
      "The candidate differed here on 6 of 120 requests, but asked again 96 times it differed"
          + " again only 3 times: a change in code comes back when the same request is asked"
          + " again, and this does not (p = 0.0008 that it would come back on half of the asks"
          + " or more, needs < 0.01). Per-call randomness, not the change.";

  /**
   * Nothing regressed, but two findings stayed undecided after asking again until the budget was
   * spent: one endpoint decided on the recorded traffic alone, one after asking again, two left
   * undecided, and POST /orders not covered at all. Endpoints in the engine's order.
   */
  static ResultBuilder undecidedAfterAsking() {
    ResultBuilder b = new ResultBuilder();
    b.repeatedEndpoint(
        "GET /products/{id}",
        80,
        16,
        3,
        0,
        ResultBuilder.asked(
            undecided("/body/stock", VALUE_CHANGED, 3, STOCK_UNDECIDED, "p-7"),
            new dev.spotter.diff.noise.Asked(1, 16, 3, 0)));
    b.endpoint(
        "GET /reports/{id}",
        30,
        1,
        0,
        undecided(
            "/body/rows/*/v",
            VALUE_CHANGED,
            1,
            "The old build never varies here, but the candidate differs on only 1 of 30 requests:"
                + " too few to tell a change from a rare difference of the old build (p = 0.5,"
                + " needs < 0.01). Still undecided: its requests came after a write in the"
                + " corpus, so they are not asked again."));
    b.endpoint(
        "GET /orders/{id}",
        400,
        400,
        0,
        noise("/body/generatedAt", VALUE_CHANGED, 400, 400, GENERATED_AT_NOISE, "1042"));
    b.repeatedEndpoint(
        "GET /customers/{id}",
        120,
        96,
        6,
        0,
        ResultBuilder.asked(
            noise("/body/nickname", VALUE_CHANGED, 9, 4, NICKNAME_NOISE, "c-3"),
            new dev.spotter.diff.noise.Asked(6, 96, 9, 4)));
    b.skipped("side_effect_method", "POST is not replayed without --allow-side-effects", 35);
    b.notCovered("POST /orders", 35, "POST is not replayed without --allow-side-effects");
    b.repeats(
        new dev.spotter.replay.Repeats(
            112,
            7,
            3,
            java.time.Duration.ofMillis(3_200),
            0,
            "the check's budget of 112 repeats is spent",
            dev.spotter.replay.RepeatSettings.defaults().withPerRequest(16).withMaxExchanges(112)));
    return b;
  }

  /** The change across endpoints of {@link #acrossEndpoints()}. */
  static final dev.spotter.diff.noise.CrossCuttingFinding POWERED_BY =
      new dev.spotter.diff.noise.CrossCuttingFinding(
          "/headers/x-powered-by",
          FIELD_ADDED,
          List.of(
              dev.spotter.model.Endpoint.parse("GET /orders/{id}"),
              dev.spotter.model.Endpoint.parse("GET /customers/{id}"),
              dev.spotter.model.Endpoint.parse("GET /health")),
          580,
          580,
          0,
          0,
          1e-12,
          "The candidate differs here on 580 asks of 3 endpoints, the secondary on 0; judged on"
              + " the 580 requests of the 3 endpoints where either build differs here, together:"
              + " p < 0.0001, needs < 0.01.",
          List.of("1042", "c-9", "h-1"));

  /**
   * The candidate adds the same header to the answers of three endpoints (one change, reported
   * once) and also breaks {@code /body/total} of one of them (a regression of its own).
   */
  static CheckResult acrossEndpoints() {
    String part =
        "Part of a change across 3 endpoints (/headers/x-powered-by field_added, judged on their"
            + " requests together: p < 0.0001, needs < 0.01).";
    return new ResultBuilder()
        .crossCutting(POWERED_BY)
        .endpoint(
            "GET /orders/{id}",
            400,
            400,
            400,
            regression("/body/total", TYPE_CHANGED, 400, 0, TOTAL_TYPE_CHANGED, "1042"),
            ResultBuilder.partOf(
                POWERED_BY, 400, 0, part + " Here the candidate differs on 400 of 400.", "1042"),
            noise("/body/generatedAt", VALUE_CHANGED, 400, 400, GENERATED_AT_NOISE, "1042"))
        .endpoint(
            "GET /customers/{id}",
            120,
            120,
            120,
            ResultBuilder.partOf(
                POWERED_BY, 120, 0, part + " Here the candidate differs on 120 of 120.", "c-9"))
        .endpoint(
            "GET /health",
            60,
            60,
            60,
            ResultBuilder.partOf(
                POWERED_BY, 60, 0, part + " Here the candidate differs on 60 of 60.", "h-1"))
        .endpoint("GET /orders", 300, 0, 0)
        .example(orderExample("1042", true))
        .build();
  }

  /**
   * A text body diffed line by line, each line its own finding: line 2 varies in the old build too
   * (noise), line 4 of the primary is missing from the candidate and line 5 changed (regressions),
   * and the candidate adds its line 6 (needs a look).
   */
  static CheckResult textLines() {
    Headers text = Headers.of("Content-Type", "text/plain; charset=utf-8");
    return new ResultBuilder()
        .endpoint(
            "GET /invoices/{id}",
            50,
            50,
            50,
            regression("/body/line/4", FIELD_MISSING, 50, 0, "Missing.", "inv-1"),
            regression("/body/line/5", VALUE_CHANGED, 50, 0, "Changed.", "inv-1"),
            undecided("/body/line/6", FIELD_ADDED, 1, "Added once.", "inv-1"),
            noise("/body/line/2", VALUE_CHANGED, 50, 50, "Varies.", "inv-1"))
        .example(
            exchange(
                "inv-1",
                "GET /invoices/{id}",
                get("/invoices/1042", "Accept", "text/plain"),
                answered(200, text, fixture("invoice-primary.txt")),
                answered(200, text, fixture("invoice-secondary.txt")),
                answered(200, text, fixture("invoice-candidate.txt")),
                List.of(
                    line(
                        2,
                        VALUE_CHANGED,
                        "Generated: 2024-05-02T10:15:03Z",
                        "Generated: 2024-05-02T10:15:05Z"),
                    line(4, FIELD_MISSING, "Tax: 24.61 EUR", null),
                    line(5, VALUE_CHANGED, "Total: 154.11 EUR", "Total: 154.10 EUR"),
                    line(6, FIELD_ADDED, null, "Paid by card.")),
                List.of(
                    line(
                        2,
                        VALUE_CHANGED,
                        "Generated: 2024-05-02T10:15:03Z",
                        "Generated: 2024-05-02T10:15:04Z"))))
        .build();
  }

  /** A difference of text line {@code n}, its own finding path (line numbers are not folded). */
  static Difference line(int n, DifferenceKind kind, String primary, String other) {
    String pointer = "/body/line/" + n;
    return new Difference(pointer, pointer, kind, primary, other, ValueChange.NONE);
  }

  /**
   * What JSON must escape or cannot hold: control characters, a lone surrogate, NaN and infinity,
   * bytes that are not UTF-8, a body cut at capture, a target that failed and one not asked.
   */
  static CheckResult odd() {
    String odd = "tab\tnl\ncr\rnul\u0000esc\u001b lone\uD800 bidi\u202e emoji😀 \"quoted\" \\";
    dev.spotter.diff.noise.Finding nan =
        new dev.spotter.diff.noise.Finding(
            "/body/" + odd,
            VALUE_CHANGED,
            3,
            1,
            1,
            2,
            Double.NaN,
            dev.spotter.diff.noise.Verdict.REGRESSION,
            odd,
            List.of(odd, "2"));
    byte[] notUtf8 = {'{', '"', 'a', '"', ':', (byte) 0xff, (byte) 0xc3, 0x28, '}'};
    byte[] whole =
        "{\"cut\": \"here and there\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    dev.spotter.model.Body cut =
        new dev.spotter.model.Body(java.util.Arrays.copyOf(whole, 12), whole.length, true);
    return new ResultBuilder()
        .endpoint("GET /odd/" + odd, 3, 3, 3, nan)
        .skipped(odd, odd, 1)
        .example(
            exchange(
                odd,
                "GET /odd/x",
                new dev.spotter.model.HttpRequestData(
                    "POST",
                    "/odd?q=" + odd,
                    Headers.of("X-Odd", odd),
                    dev.spotter.model.Body.of(odd)),
                answered(200, Headers.of("Content-Type", "application/json"), notUtf8),
                new dev.spotter.replay.TargetOutcome.Failed(
                    dev.spotter.replay.FailureKind.CONNECTION_RESET, odd, 12),
                answered(201, Headers.of("X-" + odd, odd), cut),
                List.of(
                    new Difference(
                        "/body/" + odd,
                        "/body/" + odd,
                        VALUE_CHANGED,
                        odd,
                        null,
                        new ValueChange.Numeric(Double.NEGATIVE_INFINITY)),
                    new Difference(
                        "/body/t",
                        "/body/t",
                        VALUE_CHANGED,
                        "1",
                        "2",
                        new ValueChange.Textual(odd, null))),
                List.of()))
        .example(exchange("2", "GET /odd/x", null, null, null, null, List.of(), List.of()))
        .build();
  }

  static Headers jsonHeaders(String traceId) {
    return Headers.of("Content-Type", "application/json; charset=utf-8", "X-Trace-Id", traceId);
  }

  private static dev.spotter.replay.ExampleExchange orderExample(String id, boolean broken) {
    List<Difference> candidateDiffs =
        broken
            ? List.of(
                diff("/body/customerName", FIELD_MISSING, "\"Ada Lovelace\"", null),
                diff("/body/customer_name", FIELD_ADDED, null, "\"Ada Lovelace\""),
                diff("/body/total", TYPE_CHANGED, "129.5", "\"129.50\""),
                textual(
                    "/body/generatedAt", "2024-05-02T10:15:03.123Z", "2024-05-02T10:15:03.907Z"),
                diff("/headers/x-trace-id", HEADER_CHANGED, "t-1", "t-3"))
            : List.of(
                textual(
                    "/body/generatedAt", "2024-05-02T10:15:03.123Z", "2024-05-02T10:15:03.481Z"),
                diff("/headers/x-trace-id", HEADER_CHANGED, "t-1", "t-3"));
    return exchange(
        id,
        "GET /orders/{id}",
        get(
            "http://orders.internal/orders/" + id + "?expand=items",
            "Accept",
            "application/json",
            "Authorization",
            "[REDACTED]",
            "Accept-Encoding",
            "gzip"),
        answered(200, jsonHeaders("t-1"), fixture("order-primary.json")),
        answered(200, jsonHeaders("t-2"), fixture("order-secondary.json")),
        answered(
            200,
            jsonHeaders("t-3"),
            fixture(broken ? "order-candidate.json" : "order-secondary.json")),
        candidateDiffs,
        List.of(
            textual("/body/generatedAt", "2024-05-02T10:15:03.123Z", "2024-05-02T10:15:03.481Z"),
            diff("/body/tags/0", VALUE_CHANGED, "\"gift\"", "\"express\""),
            diff("/body/tags/1", VALUE_CHANGED, "\"express\"", "\"gift\""),
            diff("/headers/x-trace-id", HEADER_CHANGED, "t-1", "t-2")));
  }

  private static dev.spotter.replay.ExampleExchange customerExample() {
    return exchange(
        "c-77",
        "GET /customers/{id}/summary",
        get("/customers/77/summary", "Accept", "application/json"),
        answered(200, jsonHeaders("t-7"), fixture("customer-primary.json")),
        answered(200, jsonHeaders("t-8"), fixture("customer-primary.json")),
        answered(
            500,
            Headers.of("Content-Type", "text/html", "X-Trace-Id", "t-9"),
            fixture("customer-candidate.html")),
        List.of(
            diff("/status", STATUS_CHANGED, "200", "500"),
            diff("/headers/content-type", MEDIA_TYPE_CHANGED, "application/json", "text/html"),
            diff("/body", TYPE_CHANGED, "object", "text"),
            diff("/headers/x-trace-id", HEADER_CHANGED, "t-7", "t-9")),
        List.of(diff("/headers/x-trace-id", HEADER_CHANGED, "t-7", "t-8")));
  }

  private static Difference textual(String pointer, String primary, String other) {
    return new Difference(
        pointer,
        ResultBuilder.fold(pointer),
        DifferenceKind.VALUE_CHANGED,
        "\"" + primary + "\"",
        "\"" + other + "\"",
        new ValueChange.Textual("datetime", "datetime"));
  }
}
