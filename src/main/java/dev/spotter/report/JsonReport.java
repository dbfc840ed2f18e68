package dev.spotter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.diff.Difference;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.Finding;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.replay.TargetStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.json}, the machine-readable report. Its layout (schema version 1):
 *
 * <pre>
 * schemaVersion, generator
 * run        id, source, targets {primary, secondary, candidate, secondaryIsPrimary},
 *            startedAt, finishedAt (ISO-8601), elapsedMillis,
 *            settings {concurrency, ratePerSecond, timeoutMillis, allowSideEffects}
 * summary    requests, compared, skipped, errors, regressions, inconclusive,
 *            verdict (pass|fail|incomplete), targetsNeverAnswered [role]
 * endpoints  [endpoint, method, pathTemplate, requests, share, differing, regressing, regressions,
 *             inconclusive,
 *             findings [path, kind, candidateCount, noiseCount, bothCount, unexplainedCount,
 *                       pValue, verdict (regression|inconclusive|noise), reason,
 *                       examples [exchange id]]]
 *            ranked by regressions, then regressions, inconclusive findings and noise within an
 *            endpoint
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
 * A verdict of {@code incomplete} means the check has none: nothing was compared, or a target never
 * answered ({@code targetsNeverAnswered} names which). An {@code inconclusive} finding does not
 * fail a check: the candidate differs where the old build did not, on too few requests to tell a
 * change from rare nondeterminism. {@code inconclusive} counts such findings.
 *
 * <p>Bodies are UTF-8 text when every byte kept is valid UTF-8, base64 otherwise, and cut to {@link
 * ReportLimits#jsonBodyBytes()}; numbers JSON cannot hold (NaN, infinity) are null. It is complete
 * enough for {@link JsonReportReader} to rebuild the result and render every other report from it.
 */
public final class JsonReport {
  /** Version of the layout below; readers refuse a newer one. */
  public static final int SCHEMA_VERSION = 1;

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          // The caller owns the writer: it flushes and forces it to disk before moving the file.
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private final ReportLimits limits;

  public JsonReport(ReportLimits limits) {
    this.limits = limits;
  }

  /** The report.json text of a result, with default limits; what the store keeps for a run. */
  public static String toJson(CheckResult result) {
    return new JsonReport(ReportLimits.defaults()).render(result);
  }

  /** The report.json text of a result. */
  public String render(CheckResult result) {
    try {
      return MAPPER.writeValueAsString(tree(result));
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; reaching this is a bug, not bad data.
      throw new IllegalStateException("report.json could not be serialized", e);
    }
  }

  /** Writes the report.json text of a result. */
  public void write(CheckResult result, Writer out) {
    try {
      MAPPER.writeValue(out, tree(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ObjectNode tree(CheckResult result) {
    ReportView view = ReportView.of(result);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("generator", "spotter");
    root.set("run", run(result.run()));
    root.set("summary", summary(view));
    ArrayNode endpoints = root.putArray("endpoints");
    for (ReportView.RankedEndpoint e : view.endpoints()) {
      endpoints.add(endpoint(e));
    }
    ArrayNode skipped = root.putArray("skipped");
    for (SkipCount s : result.skipped()) {
      ObjectNode n = skipped.addObject();
      n.put("reason", text(s.reason()));
      n.put("detail", text(s.detail()));
      n.put("count", s.count());
    }
    ArrayNode targets = root.putArray("targets");
    for (TargetStats t : result.targets()) {
      targets.add(target(t));
    }
    ObjectNode examples = root.putObject("examples");
    Map<String, ExampleExchange> sorted = new TreeMap<>(ReportView.ID_ORDER);
    sorted.putAll(result.examples());
    sorted.forEach((id, ex) -> examples.set(Escape.clean(id), example(id, ex)));
    return root;
  }

  private static ObjectNode run(RunInfo run) {
    ObjectNode n = MAPPER.createObjectNode();
    if (run == null) {
      return n;
    }
    n.put("id", text(run.id()));
    n.put("source", text(run.source()));
    ObjectNode targets = n.putObject("targets");
    targets.put("primary", text(run.primary()));
    targets.put("secondary", text(run.secondary()));
    targets.put("candidate", text(run.candidate()));
    targets.put("secondaryIsPrimary", run.secondaryIsPrimary());
    instant(n, "startedAt", run.startedAt());
    instant(n, "finishedAt", run.finishedAt());
    if (run.startedAt() != null && run.finishedAt() != null) {
      n.put("elapsedMillis", run.elapsed().toMillis());
    } else {
      n.putNull("elapsedMillis");
    }
    ObjectNode settings = n.putObject("settings");
    settings.put("concurrency", run.concurrency());
    number(settings, "ratePerSecond", run.ratePerSecond());
    Duration timeout = run.timeout();
    if (timeout == null) {
      settings.putNull("timeoutMillis");
    } else {
      settings.put("timeoutMillis", timeout.toMillis());
    }
    settings.put("allowSideEffects", run.allowSideEffects());
    return n;
  }

  private static ObjectNode summary(ReportView view) {
    Summary s = view.summary();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("requests", s.requests());
    n.put("compared", s.compared());
    n.put("skipped", s.skipped());
    n.put("errors", s.errors());
    n.put("regressions", s.regressions());
    n.put("inconclusive", view.inconclusivePaths());
    n.put("verdict", view.verdict().jsonName());
    ArrayNode never = n.putArray("targetsNeverAnswered");
    view.neverAnswered().forEach(t -> never.add(text(t.role())));
    return n;
  }

  private static ObjectNode endpoint(ReportView.RankedEndpoint e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("endpoint", text(e.name()));
    if (e.report().endpoint() != null) {
      n.put("method", text(e.report().endpoint().method()));
      n.put("pathTemplate", text(e.report().endpoint().pathTemplate()));
    }
    n.put("requests", e.requests());
    n.put("share", round(e.share()));
    n.put("differing", e.differing());
    n.put("regressing", e.regressing());
    n.put("regressions", e.regressions().size());
    n.put("inconclusive", e.inconclusive().size());
    ArrayNode findings = n.putArray("findings");
    e.findings().forEach(f -> findings.add(finding(f)));
    return n;
  }

  private static ObjectNode finding(Finding f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("path", text(f.path()));
    n.put("kind", f.kind() == null ? null : f.kind().jsonName());
    n.put("candidateCount", f.candidateCount());
    n.put("noiseCount", f.noiseCount());
    n.put("bothCount", f.bothCount());
    n.put("unexplainedCount", f.unexplainedCount());
    number(n, "pValue", f.pValue());
    n.put("verdict", ReportView.verdictOf(f).jsonName());
    n.put("reason", text(f.reason()));
    ArrayNode examples = n.putArray("examples");
    f.examples().forEach(id -> examples.add(text(id)));
    return n;
  }

  private static ObjectNode target(TargetStats t) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("role", text(t.role()));
    n.put("url", text(t.url()));
    n.put("sent", t.sent());
    n.put("answered", t.answered());
    n.put("failures", t.failures());
    n.put("neverAnswered", t.neverAnswered());
    ObjectNode byKind = n.putObject("failuresByKind");
    for (FailureKind kind : FailureKind.values()) {
      Long count = t.failuresByKind().get(kind);
      if (count != null) {
        byKind.put(kind.jsonName(), count);
      }
    }
    ObjectNode latency = n.putObject("latencyMillis");
    TargetStats.LatencySummary l =
        t.latency() == null ? TargetStats.LatencySummary.NONE : t.latency();
    number(latency, "p50", l.p50());
    number(latency, "p90", l.p90());
    number(latency, "p99", l.p99());
    number(latency, "max", l.max());
    return n;
  }

  private ObjectNode example(String id, ExampleExchange ex) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", text(ex.id() == null ? id : ex.id()));
    if (ex.endpoint() != null) {
      n.put("endpoint", text(ex.endpoint().toString()));
      n.put("method", text(ex.endpoint().method()));
      n.put("pathTemplate", text(ex.endpoint().pathTemplate()));
    } else {
      n.putNull("endpoint");
    }
    HttpRequestData req = ex.request();
    if (req == null) {
      n.putNull("request");
    } else {
      ObjectNode r = n.putObject("request");
      r.put("method", text(req.method()));
      r.put("url", text(req.url()));
      r.set("headers", headers(req.headers()));
      r.set("body", body(req.body()));
    }
    n.set("primary", outcome(ex.primary()));
    n.set("secondary", outcome(ex.secondary()));
    n.set("candidate", outcome(ex.candidate()));
    ArrayNode cand = n.putArray("candidateDifferences");
    ex.candidateDifferences().forEach(d -> cand.add(difference(d)));
    ArrayNode noise = n.putArray("noiseDifferences");
    ex.noiseDifferences().forEach(d -> noise.add(difference(d)));
    return n;
  }

  private ObjectNode outcome(TargetOutcome outcome) {
    ObjectNode n = MAPPER.createObjectNode();
    if (outcome instanceof TargetOutcome.Answered a) {
      n.put("outcome", "answered");
      n.put("latencyMicros", a.latencyMicros());
      HttpResponseData r = a.response();
      if (r != null) {
        n.put("status", r.status());
        n.set("headers", headers(r.headers()));
        n.set("body", body(r.body()));
      }
    } else if (outcome instanceof TargetOutcome.Failed f) {
      n.put("outcome", "failed");
      n.put("latencyMicros", f.latencyMicros());
      ObjectNode failure = n.putObject("failure");
      failure.put("kind", (f.kind() == null ? FailureKind.OTHER : f.kind()).jsonName());
      failure.put("message", text(f.message()));
    } else {
      n.put("outcome", "none");
    }
    return n;
  }

  private static ArrayNode headers(Headers headers) {
    ArrayNode a = MAPPER.createArrayNode();
    if (headers != null) {
      for (Header h : headers.entries()) {
        ObjectNode n = a.addObject();
        n.put("name", text(h.name()));
        n.put("value", text(h.value()));
      }
    }
    return a;
  }

  /**
   * A body as UTF-8 text when every byte kept is valid UTF-8, base64 otherwise, cut on a character
   * boundary to the JSON body cap; {@code size} is what {@code data} holds once decoded.
   */
  ObjectNode body(Body body) {
    ObjectNode n = MAPPER.createObjectNode();
    byte[] bytes = BodyBytes.of(body);
    int cap = limits.jsonBodyBytes();
    int cut = BodyBytes.utf8Cut(bytes, cap);
    String text = BodyBytes.strictUtf8(bytes, cut);
    if (text != null) {
      n.put("encoding", "utf-8");
      n.put("data", text);
    } else {
      cut = Math.min(bytes.length, cap);
      n.put("encoding", "base64");
      n.put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, cut)));
    }
    n.put("size", cut);
    n.put("originalSize", body == null ? 0 : Math.max(body.originalSize(), bytes.length));
    n.put("truncated", (body != null && body.truncated()) || cut < bytes.length);
    return n;
  }

  static ObjectNode difference(Difference d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("pointer", text(d.pointer()));
    n.put("path", text(d.path()));
    n.put("kind", d.kind().jsonName());
    n.put("primary", d.primary() == null ? null : Escape.clean(d.primary()));
    n.put("other", d.other() == null ? null : Escape.clean(d.other()));
    if (d.change() instanceof ValueChange.Numeric num) {
      ObjectNode c = n.putObject("change");
      c.put("type", "numeric");
      number(c, "relativeDelta", num.relativeDelta());
    } else if (d.change() instanceof ValueChange.Textual t) {
      ObjectNode c = n.putObject("change");
      c.put("type", "textual");
      c.put("primaryShape", text(t.primaryShape()));
      c.put("otherShape", text(t.otherShape()));
    }
    return n;
  }

  private static String text(String s) {
    return s == null ? null : Escape.clean(s);
  }

  private static void instant(ObjectNode n, String field, Instant t) {
    if (t == null) {
      n.putNull(field);
    } else {
      n.put(field, t.toString());
    }
  }

  /** JSON has no NaN or infinity: those are written as null. */
  private static void number(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1_000_000d) / 1_000_000d;
  }
}
