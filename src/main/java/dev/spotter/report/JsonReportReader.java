package dev.spotter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.Asked;
import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.DriftingWrite;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCause;
import dev.spotter.diff.noise.StateDrift;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns a report.json written by {@link JsonReport} back into a {@link CheckResult}, so that a
 * stored run can be rendered again ({@code spotter report --run ID}). Bodies come back as far as
 * report.json kept them, marked truncated when cut; a repeat's time to the millisecond. Reports of
 * schema version 1 are read too: their "inconclusive" findings are undecided ones, and they have no
 * changes across endpoints, repeats or coverage. A file that is not such a report gets a {@code
 * report.malformed} error naming the field; one from a newer Spotter gets {@code
 * report.unsupported_version}.
 */
public final class JsonReportReader {
  private JsonReportReader() {}

  /** Reads a report.json file, parsing it as it is read. */
  public static CheckResult read(Path file) {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = JsonReport.MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new SpotterException(
          "report.unreadable", "cannot read " + file + ": " + e.getMessage(), false, e);
    }
    return read(root);
  }

  /** Reads the text of a report.json, or of the compact copy a store keeps. */
  public static CheckResult read(String json) {
    try {
      return read(JsonReport.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  private static SpotterException notJson(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? "the start"
            : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return new SpotterException(
        "report.malformed", "report.json is not JSON at " + where, false, e);
  }

  private static CheckResult read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw malformed("the top level", "expected an object");
    }
    long version = integer(root, "schemaVersion", "");
    if (version > JsonReport.SCHEMA_VERSION) {
      throw new SpotterException(
          "report.unsupported_version",
          "report.json has schemaVersion "
              + version
              + " but this Spotter reads up to "
              + JsonReport.SCHEMA_VERSION
              + "; use a newer Spotter");
    }
    return new CheckResult(
        run(object(root, "run", "")),
        summary(object(root, "summary", "")),
        list(root, "endpoints", "", JsonReportReader::endpoint),
        list(root, "skipped", "", JsonReportReader::skip),
        list(root, "targets", "", JsonReportReader::target),
        examples(object(root, "examples", "")),
        // reports written before guards were part of the check have none
        root.has("guards") ? list(root, "guards", "", JsonReportReader::guard) : List.of(),
        // and those of schema version 1 no changes across endpoints, repeats or coverage
        root.has("crossCutting")
            ? list(root, "crossCutting", "", JsonReportReader::crossCutting)
            : List.of(),
        root.has("repeats") ? repeats(object(root, "repeats", "")) : null,
        root.has("coverage")
            ? list(
                object(root, "coverage", ""),
                "notCovered",
                "/coverage",
                JsonReportReader::notCovered)
            : List.of(),
        // reports written before drift was counted have none
        root.has("drift") ? drift(object(root, "drift", "")) : StateDrift.NONE);
  }

  private static StateDrift drift(JsonNode n) {
    String where = "/drift";
    long writes = integer(n, "writes", where);
    JsonNode f = n.get("first");
    if (writes == 0 || f == null || f.isNull()) {
      return StateDrift.NONE;
    }
    String fw = where + "/first";
    Endpoint firstEndpoint = endpointOf(f, fw);
    if (firstEndpoint == null) {
      throw malformed(fw, "expected the write's endpoint");
    }
    DriftingWrite first;
    try {
      first =
          new DriftingWrite(
              firstEndpoint,
              instant(f, "at", fw),
              list(f, "reached", fw, (e, w) -> textValue(e, w)),
              optText(f, "detail", fw));
    } catch (IllegalArgumentException e) {
      throw malformed(fw, e.getMessage());
    }
    Map<Endpoint, Long> byEndpoint = new LinkedHashMap<>();
    for (Map.Entry<Endpoint, Long> e :
        list(
            n,
            "byEndpoint",
            where,
            (e, w) -> {
              Endpoint ep = endpointOf(e, w);
              if (ep == null) {
                throw malformed(w, "expected an endpoint");
              }
              return Map.entry(ep, integer(e, "writes", w));
            })) {
      byEndpoint.merge(e.getKey(), e.getValue(), Long::sum);
    }
    Map<String, Long> byTargets = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e :
        list(
            n,
            "byTargets",
            where,
            (e, w) -> Map.entry(text(e, "targets", w), integer(e, "writes", w)))) {
      byTargets.merge(e.getKey(), e.getValue(), Long::sum);
    }
    return new StateDrift(writes, byEndpoint, byTargets, first);
  }

  private static CrossCuttingFinding crossCutting(JsonNode n, String where) {
    return new CrossCuttingFinding(
        text(n, "path", where),
        kind(n, where),
        list(n, "endpoints", where, JsonReportReader::endpointNamed),
        // reports written before attribution endpoint by endpoint: shown on every one
        n.has("shownOn")
            ? list(n, "shownOn", where, JsonReportReader::endpointNamed)
            : list(n, "endpoints", where, JsonReportReader::endpointNamed),
        integer(n, "requests", where),
        integer(n, "candidateCount", where),
        integer(n, "noiseCount", where),
        integer(n, "bothCount", where),
        decimal(n, "pValue", where),
        optText(n, "reason", where),
        list(n, "examples", where, (e, w) -> textValue(e, w)));
  }

  private static Repeats repeats(JsonNode n) {
    String where = "/repeats";
    JsonNode l = object(n, "limits", where);
    String lw = where + "/limits";
    RepeatSettings limits;
    try {
      limits =
          new RepeatSettings(
              (int) integer(l, "perRequest", lw),
              integer(l, "maxExchanges", lw),
              Duration.ofMillis(integer(l, "maxTimeMillis", lw)),
              list(l, "idempotent", lw, JsonReportReader::pattern));
    } catch (SpotterException e) {
      throw malformed(lw, e.getMessage());
    }
    return new Repeats(
        integer(n, "exchanges", where),
        integer(n, "requests", where),
        (int) integer(n, "rounds", where),
        Duration.ofMillis(integer(n, "elapsedMillis", where)),
        integer(n, "errors", where),
        optText(n, "endedBecause", where),
        limits);
  }

  private static EndpointPattern pattern(JsonNode n, String where) {
    String text = textValue(n, where);
    try {
      return EndpointPattern.parse(text);
    } catch (IllegalArgumentException e) {
      throw malformed(where, e.getMessage());
    }
  }

  private static NotCovered notCovered(JsonNode n, String where) {
    return new NotCovered(
        endpointOf(n, where), integer(n, "requests", where), optText(n, "detail", where));
  }

  private static GuardOutcome guard(JsonNode n, String where) {
    return new GuardOutcome(
        integer(n, "guardId", where),
        optText(n, "name", where),
        integer(n, "incidentId", where),
        optText(n, "incident", where),
        optText(n, "request", where),
        optText(n, "expectation", where),
        named(GuardOutcome.Status.values(), GuardOutcome.Status::jsonName, n, "outcome", where),
        optText(n, "reason", where));
  }

  private static RunInfo run(JsonNode n) {
    if (n.isEmpty()) {
      return null;
    }
    String where = "/run";
    JsonNode targets = object(n, "targets", where);
    JsonNode settings = object(n, "settings", where);
    JsonNode timeout = settings.get("timeoutMillis");
    return new RunInfo(
        optText(n, "id", where),
        optText(n, "source", where),
        optText(targets, "primary", where + "/targets"),
        optText(targets, "secondary", where + "/targets"),
        bool(targets, "secondaryIsPrimary", where + "/targets"),
        optText(targets, "candidate", where + "/targets"),
        instant(n, "startedAt", where),
        instant(n, "finishedAt", where),
        (int) integer(settings, "concurrency", where + "/settings"),
        decimal(settings, "ratePerSecond", where + "/settings"),
        timeout == null || timeout.isNull()
            ? null
            : Duration.ofMillis(integer(settings, "timeoutMillis", where + "/settings")),
        bool(settings, "allowSideEffects", where + "/settings"),
        optText(n, "mode", where));
  }

  private static Summary summary(JsonNode n) {
    String where = "/summary";
    CheckVerdict v = named(CheckVerdict.values(), CheckVerdict::jsonName, n, "verdict", where);
    // Reports written before the verdict could say so marked a run without one apart.
    JsonNode legacyIncomplete = n.get("incomplete");
    if (legacyIncomplete != null && legacyIncomplete.asBoolean(false)) {
      v = CheckVerdict.INCOMPLETE;
    }
    // schema version 1 called undecided findings inconclusive
    String undecided = n.has("undecided") ? "undecided" : "inconclusive";
    return new Summary(
        integer(n, "requests", where),
        integer(n, "compared", where),
        integer(n, "skipped", where),
        integer(n, "errors", where),
        integer(n, "regressions", where),
        v,
        n.has(undecided) ? integer(n, undecided, where) : 0,
        n.has("undecidedAccepted") && bool(n, "undecidedAccepted", where));
  }

  private static EndpointReport endpoint(JsonNode n, String where) {
    return new EndpointReport(
        endpointOf(n, where),
        integer(n, "requests", where),
        integer(n, "differing", where),
        integer(n, "regressing", where),
        list(n, "findings", where, JsonReportReader::finding),
        n.has("repeats") ? integer(n, "repeats", where) : 0);
  }

  private static Endpoint endpointNamed(JsonNode n, String where) {
    String name = textValue(n, where);
    try {
      return Endpoint.parse(name);
    } catch (IllegalArgumentException e) {
      throw malformed(where, "expected METHOD /path, not '" + name + "'");
    }
  }

  private static Endpoint endpointOf(JsonNode n, String where) {
    String method = optText(n, "method", where);
    String template = optText(n, "pathTemplate", where);
    if (method != null && template != null) {
      return new Endpoint(method, template);
    }
    String name = optText(n, "endpoint", where);
    if (name == null) {
      return null;
    }
    try {
      return Endpoint.parse(name);
    } catch (IllegalArgumentException e) {
      throw malformed(where + "/endpoint", "expected METHOD /path, not '" + name + "'");
    }
  }

  private static Finding finding(JsonNode n, String where) {
    Verdict v = verdict(n, where);
    JsonNode asked = n.get("asked");
    String aw = where + "/asked";
    return new Finding(
        text(n, "path", where),
        kind(n, where),
        integer(n, "candidateCount", where),
        integer(n, "noiseCount", where),
        integer(n, "bothCount", where),
        integer(n, "unexplainedCount", where),
        decimal(n, "pValue", where),
        v,
        optText(n, "reason", where),
        list(n, "examples", where, (e, w) -> textValue(e, w)),
        asked == null || asked.isNull()
            ? Asked.NONE
            : new Asked(
                integer(asked, "requests", aw),
                integer(asked, "repeats", aw),
                integer(asked, "candidateDiffered", aw),
                integer(asked, "secondaryDiffered", aw)),
        optText(n, "crossCutting", where),
        cause(n, where));
  }

  private static FindingCause cause(JsonNode n, String where) {
    try {
      return FindingCause.fromJsonName(optText(n, "cause", where));
    } catch (IllegalArgumentException e) {
      throw malformed(where + "/cause", e.getMessage());
    }
  }

  /** A finding's verdict; "inconclusive", as schema version 1 wrote it, is undecided. */
  private static Verdict verdict(JsonNode n, String where) {
    String name = text(n, "verdict", where);
    try {
      return Verdict.fromJsonName(name);
    } catch (IllegalArgumentException e) {
      List<String> expected = new ArrayList<>();
      for (Verdict v : Verdict.values()) {
        expected.add(v.jsonName());
      }
      throw malformed(
          where + "/verdict", "expected " + String.join(", ", expected) + ", not '" + name + "'");
    }
  }

  private static SkipCount skip(JsonNode n, String where) {
    return new SkipCount(
        optText(n, "reason", where), optText(n, "detail", where), integer(n, "count", where));
  }

  private static TargetStats target(JsonNode n, String where) {
    Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
    JsonNode byKind = object(n, "failuresByKind", where);
    for (Map.Entry<String, JsonNode> e : byKind.properties()) {
      failures.put(
          failureKind(e.getKey(), where + "/failuresByKind"),
          integer(byKind, e.getKey(), where + "/failuresByKind"));
    }
    JsonNode l = object(n, "latencyMillis", where);
    String lw = where + "/latencyMillis";
    return new TargetStats(
        optText(n, "role", where),
        optText(n, "url", where),
        integer(n, "sent", where),
        integer(n, "answered", where),
        failures,
        new TargetStats.LatencySummary(
            decimal(l, "p50", lw),
            decimal(l, "p90", lw),
            decimal(l, "p99", lw),
            decimal(l, "max", lw)));
  }

  private static Map<String, ExampleExchange> examples(JsonNode n) {
    Map<String, ExampleExchange> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String where = "/examples/" + Escape.pointerToken(e.getKey());
      if (!e.getValue().isObject()) {
        throw malformed(where, "expected an object");
      }
      out.put(e.getKey(), example(e.getKey(), e.getValue(), where));
    }
    return out;
  }

  private static ExampleExchange example(String id, JsonNode n, String where) {
    JsonNode req = n.get("request");
    HttpRequestData request = null;
    if (req != null && !req.isNull()) {
      String rw = where + "/request";
      request =
          new HttpRequestData(
              text(req, "method", rw),
              text(req, "url", rw),
              headers(req, rw),
              body(object(req, "body", rw), rw + "/body"));
    }
    return new ExampleExchange(
        id,
        endpointOf(n, where),
        request,
        outcome(n, "primary", where),
        outcome(n, "secondary", where),
        outcome(n, "candidate", where),
        list(n, "candidateDifferences", where, JsonReportReader::difference),
        list(n, "noiseDifferences", where, JsonReportReader::difference));
  }

  private static TargetOutcome outcome(JsonNode parent, String field, String where) {
    JsonNode n = object(parent, field, where);
    String w = where + "/" + field;
    String outcome = text(n, "outcome", w);
    switch (outcome) {
      case "answered" -> {
        HttpResponseData response;
        try {
          response =
              new HttpResponseData(
                  (int) integer(n, "status", w),
                  headers(n, w),
                  body(object(n, "body", w), w + "/body"));
        } catch (IllegalArgumentException e) {
          throw malformed(w + "/status", e.getMessage());
        }
        return new TargetOutcome.Answered(response, integer(n, "latencyMicros", w));
      }
      case "failed" -> {
        JsonNode failure = object(n, "failure", w);
        return new TargetOutcome.Failed(
            failureKind(text(failure, "kind", w + "/failure"), w + "/failure/kind"),
            optText(failure, "message", w + "/failure"),
            integer(n, "latencyMicros", w));
      }
      case "none" -> {
        return null;
      }
      default ->
          throw malformed(
              w + "/outcome", "expected answered, failed or none, not '" + outcome + "'");
    }
  }

  private static Headers headers(JsonNode n, String where) {
    List<Header> headers =
        list(n, "headers", where, (h, w) -> new Header(text(h, "name", w), text(h, "value", w)));
    return new Headers(headers);
  }

  private static Body body(JsonNode n, String where) {
    String encoding = text(n, "encoding", where);
    String data = text(n, "data", where);
    byte[] bytes;
    switch (encoding) {
      case "utf-8" -> bytes = data.getBytes(StandardCharsets.UTF_8);
      case "base64" -> {
        try {
          bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
          throw malformed(where + "/data", "invalid base64");
        }
      }
      default ->
          throw malformed(where + "/encoding", "expected utf-8 or base64, not '" + encoding + "'");
    }
    long original = Math.max(bytes.length, integer(n, "originalSize", where));
    return new Body(bytes, original, bool(n, "truncated", where));
  }

  private static Difference difference(JsonNode n, String where) {
    ValueChange change = ValueChange.NONE;
    JsonNode c = n.get("change");
    if (c != null && c.isObject()) {
      String cw = where + "/change";
      String type = text(c, "type", cw);
      change =
          switch (type) {
            case "numeric" -> new ValueChange.Numeric(decimal(c, "relativeDelta", cw));
            case "textual" ->
                new ValueChange.Textual(
                    optText(c, "primaryShape", cw), optText(c, "otherShape", cw));
            default ->
                throw malformed(cw + "/type", "expected numeric or textual, not '" + type + "'");
          };
    }
    return new Difference(
        text(n, "pointer", where),
        text(n, "path", where),
        kind(n, where),
        optText(n, "primary", where),
        optText(n, "other", where),
        change);
  }

  private static DifferenceKind kind(JsonNode n, String where) {
    String kind = text(n, "kind", where);
    try {
      return DifferenceKind.fromJsonName(kind);
    } catch (IllegalArgumentException e) {
      throw malformed(where + "/kind", "unknown difference kind '" + kind + "'");
    }
  }

  /** The constant whose JSON name the field holds; an unknown name lists the ones expected. */
  private static <E extends Enum<E>> E named(
      E[] values, Function<E, String> jsonName, JsonNode n, String field, String where) {
    String name = text(n, field, where);
    for (E e : values) {
      if (jsonName.apply(e).equals(name)) {
        return e;
      }
    }
    List<String> expected = new ArrayList<>();
    for (E e : values) {
      expected.add(jsonName.apply(e));
    }
    throw malformed(
        where + "/" + field, "expected " + String.join(", ", expected) + ", not '" + name + "'");
  }

  private static FailureKind failureKind(String name, String where) {
    for (FailureKind k : FailureKind.values()) {
      if (k.jsonName().equals(name)) {
        return k;
      }
    }
    throw malformed(where, "unknown failure kind '" + name + "'");
  }

  // Field access that names the field when it is missing or of the wrong type.

  private static JsonNode field(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null) {
      throw malformed(where + "/" + field, "missing field");
    }
    return v;
  }

  private static JsonNode object(JsonNode n, String field, String where) {
    JsonNode v = field(n, field, where);
    if (!v.isObject()) {
      throw malformed(where + "/" + field, "expected an object");
    }
    return v;
  }

  private static <T> List<T> list(
      JsonNode n, String field, String where, BiFunction<JsonNode, String, T> element) {
    JsonNode v = field(n, field, where);
    if (!v.isArray()) {
      throw malformed(where + "/" + field, "expected an array");
    }
    List<T> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(element.apply(v.get(i), where + "/" + field + "/" + i));
    }
    return out;
  }

  private static String text(JsonNode n, String field, String where) {
    return textValue(field(n, field, where), where + "/" + field);
  }

  private static String textValue(JsonNode v, String where) {
    if (!v.isTextual()) {
      throw malformed(where, "expected a string");
    }
    return v.asText();
  }

  private static String optText(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return textValue(v, where + "/" + field);
  }

  private static long integer(JsonNode n, String field, String where) {
    JsonNode v = field(n, field, where);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw malformed(where + "/" + field, "expected an integer");
    }
    return v.asLong();
  }

  /** A number, or NaN where report.json wrote null for a value JSON cannot hold. */
  private static double decimal(JsonNode n, String field, String where) {
    JsonNode v = field(n, field, where);
    if (v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw malformed(where + "/" + field, "expected a number");
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode n, String field, String where) {
    JsonNode v = field(n, field, where);
    if (!v.isBoolean()) {
      throw malformed(where + "/" + field, "expected true or false");
    }
    return v.asBoolean();
  }

  private static Instant instant(JsonNode n, String field, String where) {
    String s = optText(n, field, where);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw malformed(where + "/" + field, "expected an ISO-8601 instant, not '" + s + "'");
    }
  }

  private static SpotterException malformed(String where, String what) {
    return new SpotterException(
        "report.malformed", "report.json: " + what + " at " + (where.isEmpty() ? "/" : where));
  }
}
