package dev.spotter.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.spotter.diff.Difference;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.Asked;
import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.DriftingWrite;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.StateDrift;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.NotCovered;
import dev.spotter.replay.RepeatSettings;
import dev.spotter.replay.Repeats;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.replay.TargetStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.json}, the machine-readable report. Its layout (schema version 2):
 *
 * <pre>
 * schemaVersion, generator
 * run        id, mode (check | shadow), source, targets {primary, secondary, candidate, secondaryIsPrimary},
 *            startedAt, finishedAt (ISO-8601), elapsedMillis,
 *            settings {concurrency, ratePerSecond, timeoutMillis, allowSideEffects}
 * summary    requests, compared, skipped, errors, regressions, undecided, inconclusive (= undecided,
 *            deprecated), verdict (pass|fail|undecided|incomplete), undecidedAccepted,
 *            targetsNeverAnswered [role]
 * coverage   endpoints, decidedOnRecorded, decidedAfterRepeats, undecided,
 *            notCovered [endpoint, method, pathTemplate, requests, detail]
 * repeats    exchanges, requests, rounds, elapsedMillis, errors, endedBecause,
 *            limits {perRequest, maxExchanges, maxTimeMillis, idempotent [pattern]}
 * drift      writes, first {endpoint, method, pathTemplate, at, reached [role], detail} | null,
 *            byEndpoint [endpoint, method, pathTemplate, writes], byTargets [targets, writes], remedy
 * guards     [guardId, name, incidentId, incident, request, expectation,
 *             outcome (passed|failed|not_judged|not_sent), reason]
 * crossCutting [key, path, kind, endpoints [endpoint], shownOn [endpoint], requests, asks,
 *             candidateCount, noiseCount,
 *             bothCount, pValue, reason, examples [exchange id]]
 * endpoints  [endpoint, method, pathTemplate, requests, repeats, asks, share, differing, regressing,
 *             regressions, undecided, inconclusive (= undecided, deprecated),
 *             decided (recorded|repeats|undecided),
 *             findings [path, kind, candidateCount, noiseCount, bothCount, unexplainedCount,
 *                       pValue, verdict (regression|undecided|noise),
 *                       cause (none|state_drift|per_instance), reason,
 *                       asked {requests, repeats, candidateDiffered, secondaryDiffered},
 *                       crossCutting (key | null), examples [exchange id]]]
 *            ranked by regressions, then regressions, parts of changes across endpoints,
 *            undecided findings and noise within an endpoint
 * skipped    [reason, detail, count]
 * targets    [role, url, sent, answered, failures, neverAnswered, failuresByKind {kind: n},
 *             latencyMillis {p50, p90, p99, max}]
 * examples   {exchange id: {id, endpoint, method, pathTemplate,
 *             request {method, url, headers [{name, value}], body},
 *             primary|secondary|candidate {outcome: answered, status, headers, body, latencyMicros
 *                                        | outcome: failed, failure {kind, message}, latencyMicros
 *                                        | outcome: none},
 *             candidateDifferences|noiseDifferences [pointer, path, kind, primary, other,
 *                                                    change {type: numeric, relativeDelta
 *                                                           | type: textual, primaryShape, otherShape}]}}
 * body       {encoding: utf-8|base64, data, size, originalSize, truncated}
 * </pre>
 *
 * A verdict of {@code incomplete} means the check has none: nothing was compared, a target never
 * answered ({@code targetsNeverAnswered} names which), or a guard could not be judged. A guard that
 * {@code failed} fails the check whatever the endpoints show; {@code regressions} counts the
 * replay's findings only, a change across endpoints once (its parts on each endpoint name it in
 * {@code crossCutting} and are not counted in the endpoint's {@code regressions}). A verdict of
 * {@code undecided} is no pass: nothing regressed, but {@code undecided} findings were neither
 * shown to be a change nor noise, even after asking again ({@code undecidedAccepted} when the team
 * accepted that with {@code --allow-undecided}). Counts of findings are over asks (each request
 * once, and again for every repeat): an endpoint's {@code asks}, a change's {@code asks}.
 *
 * <p>Bodies are UTF-8 text when every byte kept is valid UTF-8, base64 otherwise, and cut to {@link
 * ReportLimits#jsonBodyBytes()}; numbers JSON cannot hold (NaN, infinity) are null. It is complete
 * enough for {@link JsonReportReader} to rebuild the result and render every other report from it.
 */
public final class JsonReport {
  /**
   * Version of the layout below; readers refuse a newer one. 2: undecided findings and verdict,
   * counts over asks, changes across endpoints, coverage and repeats (version 1 said "inconclusive"
   * and is still read).
   */
  public static final int SCHEMA_VERSION = 2;

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          // The caller owns the stream: it flushes and forces it to disk before moving the file.
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Streamed as UTF-8, characters outside the BMP are written as they are, not as escaped
          // surrogate pairs: the same text as the report rendered to a String.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private final ReportLimits limits;

  public JsonReport(ReportLimits limits) {
    this.limits = limits;
  }

  /** The report.json text of a result with default limits, exactly as the file is written. */
  public static String toJson(CheckResult result) {
    return new JsonReport(ReportLimits.defaults()).render(result);
  }

  /**
   * The report as compact JSON: on one line, bodies cut to {@code limits.jsonBodyBytes()}. Read by
   * {@link JsonReportReader} like report.json.
   */
  public static String toJson(CheckResult result, ReportLimits limits) {
    StringWriter out = new StringWriter(16 * 1024);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      new JsonReport(limits).write(result, g);
    } catch (IOException e) {
      // A StringWriter does not fail; reaching this is a bug, not bad data.
      throw new IllegalStateException("report JSON could not be written", e);
    }
    return out.toString();
  }

  /**
   * What a store keeps of a run: compact JSON with bodies cut to {@link ReportLimits#forStore()},
   * so a stored run stays small; {@code spotter report} renders every report from it again.
   */
  public static String forStore(CheckResult result) {
    return toJson(result, ReportLimits.forStore());
  }

  /** The report.json text of a result. */
  public String render(CheckResult result) {
    StringWriter out = new StringWriter(64 * 1024);
    write(result, out);
    return out.toString();
  }

  /** Writes the report.json text of a result; an {@link IOException} is rethrown unchecked. */
  public void write(CheckResult result, Writer out) {
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      write(result, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Streams report.json, UTF-8, to {@code out}, which stays open. */
  public void writeTo(CheckResult result, OutputStream out) throws IOException {
    try (JsonGenerator g = MAPPER.createGenerator(out, JsonEncoding.UTF8)) {
      write(result, g);
    }
  }

  private void write(CheckResult result, JsonGenerator g) throws IOException {
    ReportView view = ReportView.of(result);
    g.writeStartObject();
    g.writeNumberField("schemaVersion", SCHEMA_VERSION);
    g.writeStringField("generator", "spotter");
    g.writeFieldName("run");
    run(g, result.run());
    g.writeFieldName("summary");
    summary(g, view);
    g.writeFieldName("coverage");
    coverage(g, result);
    g.writeFieldName("repeats");
    repeats(g, result.repeats());
    g.writeFieldName("drift");
    drift(g, result.drift());
    // small and known before the first line is written: right under the verdict they are part of
    g.writeArrayFieldStart("guards");
    for (GuardOutcome o : result.guards()) {
      guard(g, o);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("crossCutting");
    for (CrossCuttingFinding c : result.crossCutting()) {
      crossCutting(g, c, result);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("endpoints");
    for (ReportView.RankedEndpoint e : view.endpoints()) {
      endpoint(g, e);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("skipped");
    for (SkipCount s : result.skipped()) {
      g.writeStartObject();
      text(g, "reason", s.reason());
      text(g, "detail", s.detail());
      g.writeNumberField("count", s.count());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("targets");
    for (TargetStats t : result.targets()) {
      target(g, t);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("examples");
    for (Map.Entry<String, Map.Entry<String, ExampleExchange>> e : examples(result).entrySet()) {
      g.writeFieldName(e.getKey());
      example(g, e.getValue().getKey(), e.getValue().getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Examples in id order, keyed as written. Ids that only differ in characters JSON cannot hold
   * would collide: the last one's example is kept, in the first one's place.
   */
  private static Map<String, Map.Entry<String, ExampleExchange>> examples(CheckResult result) {
    Map<String, ExampleExchange> sorted = new TreeMap<>(ReportView.ID_ORDER);
    sorted.putAll(result.examples());
    Map<String, Map.Entry<String, ExampleExchange>> keyed = new LinkedHashMap<>();
    sorted.forEach((id, ex) -> keyed.put(Escape.clean(id), Map.entry(id, ex)));
    return keyed;
  }

  private static void run(JsonGenerator g, RunInfo run) throws IOException {
    g.writeStartObject();
    if (run == null) {
      g.writeEndObject();
      return;
    }
    text(g, "id", run.id());
    text(g, "mode", run.mode());
    text(g, "source", run.source());
    g.writeObjectFieldStart("targets");
    text(g, "primary", run.primary());
    text(g, "secondary", run.secondary());
    text(g, "candidate", run.candidate());
    g.writeBooleanField("secondaryIsPrimary", run.secondaryIsPrimary());
    g.writeEndObject();
    instant(g, "startedAt", run.startedAt());
    instant(g, "finishedAt", run.finishedAt());
    if (run.startedAt() != null && run.finishedAt() != null) {
      g.writeNumberField("elapsedMillis", run.elapsed().toMillis());
    } else {
      g.writeNullField("elapsedMillis");
    }
    g.writeObjectFieldStart("settings");
    g.writeNumberField("concurrency", run.concurrency());
    number(g, "ratePerSecond", run.ratePerSecond());
    Duration timeout = run.timeout();
    if (timeout == null) {
      g.writeNullField("timeoutMillis");
    } else {
      g.writeNumberField("timeoutMillis", timeout.toMillis());
    }
    g.writeBooleanField("allowSideEffects", run.allowSideEffects());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void summary(JsonGenerator g, ReportView view) throws IOException {
    Summary s = view.summary();
    g.writeStartObject();
    g.writeNumberField("requests", s.requests());
    g.writeNumberField("compared", s.compared());
    g.writeNumberField("skipped", s.skipped());
    g.writeNumberField("errors", s.errors());
    g.writeNumberField("regressions", s.regressions());
    long undecided = view.undecidedCount();
    g.writeNumberField("undecided", undecided);
    // what schema version 1 called undecided findings, kept for one release
    g.writeNumberField("inconclusive", undecided);
    g.writeStringField("verdict", view.verdict().jsonName());
    g.writeBooleanField("undecidedAccepted", s.undecidedAccepted());
    g.writeArrayFieldStart("targetsNeverAnswered");
    for (TargetStats t : view.neverAnswered()) {
      g.writeString(clean(t.role()));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void coverage(JsonGenerator g, CheckResult result) throws IOException {
    g.writeStartObject();
    g.writeNumberField("endpoints", result.endpoints().size());
    g.writeNumberField(
        "decidedOnRecorded", result.endpointsDecided(EndpointReport.Decided.ON_RECORDED_TRAFFIC));
    g.writeNumberField(
        "decidedAfterRepeats", result.endpointsDecided(EndpointReport.Decided.AFTER_REPEATS));
    g.writeNumberField("undecided", result.endpointsDecided(EndpointReport.Decided.UNDECIDED));
    g.writeArrayFieldStart("notCovered");
    for (NotCovered n : result.notCovered()) {
      g.writeStartObject();
      endpointFields(g, n.endpoint());
      g.writeNumberField("requests", n.requests());
      text(g, "detail", n.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void repeats(JsonGenerator g, Repeats r) throws IOException {
    g.writeStartObject();
    g.writeNumberField("exchanges", r.exchanges());
    g.writeNumberField("requests", r.requests());
    g.writeNumberField("rounds", r.rounds());
    g.writeNumberField("elapsedMillis", r.elapsed() == null ? 0 : r.elapsed().toMillis());
    g.writeNumberField("errors", r.errors());
    text(g, "endedBecause", r.endedBecause());
    g.writeObjectFieldStart("limits");
    RepeatSettings limits = r.limits();
    g.writeNumberField("perRequest", limits.perRequest());
    g.writeNumberField("maxExchanges", limits.maxExchanges());
    g.writeNumberField("maxTimeMillis", limits.maxTime().toMillis());
    g.writeArrayFieldStart("idempotent");
    for (EndpointPattern p : limits.idempotent()) {
      g.writeString(clean(p.toString()));
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void drift(JsonGenerator g, StateDrift d) throws IOException {
    g.writeStartObject();
    g.writeNumberField("writes", d.writes());
    DriftingWrite first = d.first();
    if (first == null) {
      g.writeNullField("first");
    } else {
      g.writeObjectFieldStart("first");
      endpointFields(g, first.endpoint());
      g.writeStringField("at", first.at().toString());
      g.writeArrayFieldStart("reached");
      for (String role : first.reached()) {
        g.writeString(role);
      }
      g.writeEndArray();
      text(g, "detail", first.detail());
      g.writeEndObject();
    }
    g.writeArrayFieldStart("byEndpoint");
    for (Map.Entry<Endpoint, Long> e : new TreeMap<>(d.byEndpoint()).entrySet()) {
      g.writeStartObject();
      endpointFields(g, e.getKey());
      g.writeNumberField("writes", e.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("byTargets");
    for (Map.Entry<String, Long> e : new TreeMap<>(d.byReached()).entrySet()) {
      g.writeStartObject();
      text(g, "targets", e.getKey());
      g.writeNumberField("writes", e.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
    text(g, "remedy", d.any() ? StateDrift.REMEDY : null);
    g.writeEndObject();
  }

  private static void crossCutting(JsonGenerator g, CrossCuttingFinding c, CheckResult result)
      throws IOException {
    g.writeStartObject();
    text(g, "key", c.key());
    text(g, "path", c.path());
    g.writeStringField("kind", c.kind() == null ? null : c.kind().jsonName());
    g.writeArrayFieldStart("endpoints");
    for (Endpoint e : c.endpoints()) {
      g.writeString(clean(ReportView.endpointName(e)));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("shownOn");
    for (Endpoint e : c.shownOn()) {
      g.writeString(clean(ReportView.endpointName(e)));
    }
    g.writeEndArray();
    g.writeNumberField("requests", c.requests());
    g.writeNumberField("asks", CheckText.asks(c, result));
    g.writeNumberField("candidateCount", c.candidateCount());
    g.writeNumberField("noiseCount", c.noiseCount());
    g.writeNumberField("bothCount", c.bothCount());
    number(g, "pValue", c.pValue());
    text(g, "reason", c.reason());
    examples(g, c.examples());
    g.writeEndObject();
  }

  /** The ids of a finding's examples, each as report.json keys it in {@code examples}. */
  private static void examples(JsonGenerator g, List<String> ids) throws IOException {
    g.writeArrayFieldStart("examples");
    for (String id : ids) {
      g.writeString(clean(id));
    }
    g.writeEndArray();
  }

  private static void guard(JsonGenerator g, GuardOutcome o) throws IOException {
    g.writeStartObject();
    g.writeNumberField("guardId", o.guardId());
    text(g, "name", o.name());
    g.writeNumberField("incidentId", o.incidentId());
    text(g, "incident", o.incidentTitle());
    text(g, "request", o.request());
    text(g, "expectation", o.expectation());
    g.writeStringField("outcome", o.status().jsonName());
    text(g, "reason", o.reason());
    g.writeEndObject();
  }

  private static void endpoint(JsonGenerator g, ReportView.RankedEndpoint e) throws IOException {
    g.writeStartObject();
    endpointFields(g, e.report().endpoint());
    g.writeNumberField("requests", e.requests());
    g.writeNumberField("repeats", e.report().repeats());
    g.writeNumberField("asks", e.asks());
    g.writeNumberField("share", round(e.share()));
    g.writeNumberField("differing", e.differing());
    g.writeNumberField("regressing", e.regressing());
    g.writeNumberField("regressions", e.regressions().size());
    g.writeNumberField("undecided", e.undecided().size());
    g.writeNumberField("inconclusive", e.undecided().size());
    g.writeStringField("decided", e.report().decided().jsonName());
    g.writeArrayFieldStart("findings");
    for (Finding f : e.findings()) {
      finding(g, f);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** {@code endpoint}, and {@code method} and {@code pathTemplate} when it is known. */
  private static void endpointFields(JsonGenerator g, Endpoint endpoint) throws IOException {
    text(g, "endpoint", ReportView.endpointName(endpoint));
    if (endpoint != null) {
      text(g, "method", endpoint.method());
      text(g, "pathTemplate", endpoint.pathTemplate());
    }
  }

  private static void finding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    text(g, "path", f.path());
    g.writeStringField("kind", f.kind() == null ? null : f.kind().jsonName());
    g.writeNumberField("candidateCount", f.candidateCount());
    g.writeNumberField("noiseCount", f.noiseCount());
    g.writeNumberField("bothCount", f.bothCount());
    g.writeNumberField("unexplainedCount", f.unexplainedCount());
    number(g, "pValue", f.pValue());
    g.writeStringField("verdict", ReportView.verdictOf(f).jsonName());
    g.writeStringField("cause", f.cause().jsonName());
    text(g, "reason", f.reason());
    Asked asked = f.asked();
    g.writeObjectFieldStart("asked");
    g.writeNumberField("requests", asked.requests());
    g.writeNumberField("repeats", asked.repeats());
    g.writeNumberField("candidateDiffered", asked.candidateDiffered());
    g.writeNumberField("secondaryDiffered", asked.secondaryDiffered());
    g.writeEndObject();
    text(g, "crossCutting", f.crossCutting());
    examples(g, f.examples());
    g.writeEndObject();
  }

  private static void target(JsonGenerator g, TargetStats t) throws IOException {
    g.writeStartObject();
    text(g, "role", t.role());
    text(g, "url", t.url());
    g.writeNumberField("sent", t.sent());
    g.writeNumberField("answered", t.answered());
    g.writeNumberField("failures", t.failures());
    g.writeBooleanField("neverAnswered", t.neverAnswered());
    g.writeObjectFieldStart("failuresByKind");
    for (FailureKind kind : FailureKind.values()) {
      Long count = t.failuresByKind().get(kind);
      if (count != null) {
        g.writeNumberField(kind.jsonName(), count);
      }
    }
    g.writeEndObject();
    g.writeObjectFieldStart("latencyMillis");
    TargetStats.LatencySummary l =
        t.latency() == null ? TargetStats.LatencySummary.NONE : t.latency();
    number(g, "p50", l.p50());
    number(g, "p90", l.p90());
    number(g, "p99", l.p99());
    number(g, "max", l.max());
    g.writeEndObject();
    g.writeEndObject();
  }

  private void example(JsonGenerator g, String id, ExampleExchange ex) throws IOException {
    g.writeStartObject();
    text(g, "id", ex.id() == null ? id : ex.id());
    if (ex.endpoint() != null) {
      text(g, "endpoint", ex.endpoint().toString());
      text(g, "method", ex.endpoint().method());
      text(g, "pathTemplate", ex.endpoint().pathTemplate());
    } else {
      g.writeNullField("endpoint");
    }
    HttpRequestData req = ex.request();
    if (req == null) {
      g.writeNullField("request");
    } else {
      g.writeObjectFieldStart("request");
      text(g, "method", req.method());
      text(g, "url", req.url());
      g.writeFieldName("headers");
      headers(g, req.headers());
      g.writeFieldName("body");
      body(g, req.body());
      g.writeEndObject();
    }
    g.writeFieldName("primary");
    outcome(g, ex.primary());
    g.writeFieldName("secondary");
    outcome(g, ex.secondary());
    g.writeFieldName("candidate");
    outcome(g, ex.candidate());
    g.writeArrayFieldStart("candidateDifferences");
    for (Difference d : ex.candidateDifferences()) {
      difference(g, d);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("noiseDifferences");
    for (Difference d : ex.noiseDifferences()) {
      difference(g, d);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void outcome(JsonGenerator g, TargetOutcome outcome) throws IOException {
    g.writeStartObject();
    if (outcome instanceof TargetOutcome.Answered a) {
      g.writeStringField("outcome", "answered");
      g.writeNumberField("latencyMicros", a.latencyMicros());
      HttpResponseData r = a.response();
      if (r != null) {
        g.writeNumberField("status", r.status());
        g.writeFieldName("headers");
        headers(g, r.headers());
        g.writeFieldName("body");
        body(g, r.body());
      }
    } else if (outcome instanceof TargetOutcome.Failed f) {
      g.writeStringField("outcome", "failed");
      g.writeNumberField("latencyMicros", f.latencyMicros());
      g.writeObjectFieldStart("failure");
      g.writeStringField("kind", (f.kind() == null ? FailureKind.OTHER : f.kind()).jsonName());
      text(g, "message", f.message());
      g.writeEndObject();
    } else {
      g.writeStringField("outcome", "none");
    }
    g.writeEndObject();
  }

  private static void headers(JsonGenerator g, Headers headers) throws IOException {
    g.writeStartArray();
    if (headers != null) {
      for (Header h : headers.entries()) {
        g.writeStartObject();
        text(g, "name", h.name());
        text(g, "value", h.value());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
  }

  /**
   * A body as UTF-8 text when every byte kept is valid UTF-8, base64 otherwise, cut on a character
   * boundary to the JSON body cap; {@code size} is what {@code data} holds once decoded.
   */
  private void body(JsonGenerator g, Body body) throws IOException {
    g.writeStartObject();
    byte[] bytes = BodyBytes.of(body);
    int cap = limits.jsonBodyBytes();
    int cut = BodyBytes.utf8Cut(bytes, cap);
    String text = BodyBytes.strictUtf8(bytes, cut);
    if (text != null) {
      g.writeStringField("encoding", "utf-8");
      g.writeStringField("data", text);
    } else {
      cut = Math.min(bytes.length, cap);
      g.writeStringField("encoding", "base64");
      g.writeFieldName("data");
      // Jackson's default base64 is the standard alphabet, padded, without line breaks.
      g.writeBinary(bytes, 0, cut);
    }
    g.writeNumberField("size", cut);
    g.writeNumberField(
        "originalSize", body == null ? 0 : Math.max(body.originalSize(), bytes.length));
    g.writeBooleanField("truncated", (body != null && body.truncated()) || cut < bytes.length);
    g.writeEndObject();
  }

  private static void difference(JsonGenerator g, Difference d) throws IOException {
    g.writeStartObject();
    text(g, "pointer", d.pointer());
    text(g, "path", d.path());
    g.writeStringField("kind", d.kind().jsonName());
    text(g, "primary", d.primary());
    text(g, "other", d.other());
    if (d.change() instanceof ValueChange.Numeric num) {
      g.writeObjectFieldStart("change");
      g.writeStringField("type", "numeric");
      number(g, "relativeDelta", num.relativeDelta());
      g.writeEndObject();
    } else if (d.change() instanceof ValueChange.Textual t) {
      g.writeObjectFieldStart("change");
      g.writeStringField("type", "textual");
      text(g, "primaryShape", t.primaryShape());
      text(g, "otherShape", t.otherShape());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** A string field, null kept as null, lone surrogates replaced so any encoder can write it. */
  private static void text(JsonGenerator g, String field, String s) throws IOException {
    g.writeStringField(field, clean(s));
  }

  private static String clean(String s) {
    return s == null ? null : Escape.clean(s);
  }

  private static void instant(JsonGenerator g, String field, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, t.toString());
    }
  }

  /** JSON has no NaN or infinity: those are written as null. */
  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(field, v);
    } else {
      g.writeNullField(field);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1_000_000d) / 1_000_000d;
  }
}
