package dev.spotter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.canary.ArmSummary;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.LatencyDistribution;
import dev.spotter.canary.RunEvent;
import dev.spotter.canary.StepRecord;
import dev.spotter.canary.judge.FalseAlarmRate;
import dev.spotter.canary.judge.JudgeSettings;
import dev.spotter.canary.judge.MetricJudgement;
import dev.spotter.canary.judge.MetricSpec;
import dev.spotter.canary.judge.StepJudgement;
import dev.spotter.model.SpotterVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Locale;

/**
 * The report.json of a canary run: field names in snake_case, enums as their lower-case names,
 * instants in ISO-8601, and numbers JSON cannot hold (NaN, infinity) as null. Built as a tree: a
 * run is small (a handful of steps, a few metrics each), and a tree keeps each part one expression.
 */
final class CanaryJson {
  /** Version of the layout below; raise it when a field changes meaning or goes away. */
  static final int SCHEMA_VERSION = 1;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CanaryJson() {}

  /** The report.json text, indented like the check's report.json. */
  static String render(CanaryResult result) {
    try {
      return JsonReport.MAPPER.writeValueAsString(tree(result));
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; reaching this is a bug, not bad data.
      throw new IllegalStateException("canary report JSON could not be written", e);
    }
  }

  /** Streams report.json, UTF-8, to {@code out}, which stays open. */
  static void writeTo(CanaryResult result, OutputStream out) throws IOException {
    JsonReport.MAPPER.writeValue(out, tree(result));
  }

  static ObjectNode tree(CanaryResult r) {
    ObjectNode root = NODES.objectNode();
    root.put("kind", "canary");
    root.put("schema_version", SCHEMA_VERSION);
    root.put("spotter_version", SpotterVersion.VERSION);
    root.put("verdict", r.verdict() == null ? null : r.verdict().wireName());
    root.put("state", r.state() == null ? null : r.state().wireName());
    root.put("reason", text(r.reason()));
    root.put("name", text(r.name()));
    root.put("baseline", text(r.baselineUrl()));
    root.put("canary", text(r.canaryUrl()));
    root.put("aa_mode", r.aaMode());
    root.put("started", instant(r.started()));
    root.put("ended", instant(r.ended()));
    ArrayNode planned = root.putArray("planned_percents");
    CanaryView.list(r.plannedPercents()).forEach(p -> planned.add(finite(p)));
    root.set("judge", judge(r.judgeSettings()));
    ArrayNode steps = root.putArray("steps");
    CanaryView.list(r.steps()).forEach(s -> steps.add(step(s)));
    ArrayNode events = root.putArray("events");
    CanaryView.list(r.events()).forEach(e -> events.add(event(e)));
    root.set("false_alarms", falseAlarms(r.falseAlarms()));
    return root;
  }

  private static ObjectNode judge(JudgeSettings s) {
    if (s == null) {
      return null;
    }
    ObjectNode n = NODES.objectNode();
    n.put("alpha", finite(s.alpha()));
    n.put("steps", s.steps());
    n.put("pass_score", finite(s.passScore()));
    n.put("marginal_score", finite(s.marginalScore()));
    n.put("min_samples", s.minSamples());
    ArrayNode metrics = n.putArray("metrics");
    CanaryView.list(s.metrics()).forEach(m -> metrics.add(spec(m)));
    return n;
  }

  private static ObjectNode spec(MetricSpec m) {
    ObjectNode n = NODES.objectNode();
    n.put("name", text(m.name()));
    n.put("kind", wire(m.kind()));
    n.put("source", text(m.source()));
    n.put("quantile", finite(m.quantile()));
    n.put("direction", wire(m.direction()));
    if (m.minEffect() == null) {
      n.putNull("min_effect");
    } else {
      ObjectNode effect = n.putObject("min_effect");
      effect.put("relative", finite(m.minEffect().relative()));
      effect.put("absolute", finite(m.minEffect().absolute()));
    }
    n.put("weight", finite(m.weight()));
    n.put("critical", m.critical());
    n.put("slo_limit", finite(m.sloLimit()));
    return n;
  }

  private static ObjectNode step(StepRecord s) {
    ObjectNode n = NODES.objectNode();
    n.put("index", s.index());
    n.put("canary_percent", finite(s.canaryPercent()));
    n.put("started", instant(s.started()));
    n.put("ended", instant(s.ended()));
    n.put("extensions", s.extensions());
    n.put("looks", s.looks());
    n.put("outcome", wire(s.outcome()));
    ObjectNode arms = n.putObject("arms");
    arms.set("baseline", arm(s.baseline()));
    arms.set("canary", arm(s.canary()));
    n.set("judgement", judgement(s.judgement()));
    return n;
  }

  private static ObjectNode arm(ArmSummary a) {
    if (a == null) {
      return null;
    }
    ObjectNode n = NODES.objectNode();
    n.put("requests", a.requests());
    n.put("errors", a.errors());
    n.put("error_rate", finite(a.errorRate()));
    n.put("status_2xx", a.status2xx());
    n.put("status_3xx", a.status3xx());
    n.put("status_4xx", a.status4xx());
    n.put("status_5xx", a.status5xx());
    n.put("connect_failures", a.connectFailures());
    n.put("timeouts", a.timeouts());
    n.put("broken", a.broken());
    n.put("clients_gone", a.clientsGone());
    n.set("latency", latency(a.latency()));
    return n;
  }

  private static ObjectNode latency(LatencyDistribution l) {
    ObjectNode n = NODES.objectNode();
    LatencyDistribution d = CanaryView.orEmpty(l);
    n.put("count", d.count());
    n.put("p50_ms", finite(d.p50Ms()));
    n.put("p90_ms", finite(d.p90Ms()));
    n.put("p99_ms", finite(d.p99Ms()));
    n.put("p999_ms", finite(d.p999Ms()));
    n.put("max_ms", finite(d.maxMs()));
    ArrayNode buckets = n.putArray("buckets");
    for (LatencyDistribution.Bucket b : CanaryView.list(d.buckets())) {
      buckets.addObject().put("upper_ms", finite(b.upperMs())).put("count", b.count());
    }
    return n;
  }

  private static ObjectNode judgement(StepJudgement j) {
    if (j == null) {
      return null;
    }
    ObjectNode n = NODES.objectNode();
    n.put("verdict", wire(j.verdict()));
    n.put("score", finite(j.score()));
    n.put("reason", text(j.reason()));
    ArrayNode metrics = n.putArray("metrics");
    CanaryView.list(j.metrics()).forEach(m -> metrics.add(metric(m)));
    return n;
  }

  private static ObjectNode metric(MetricJudgement m) {
    ObjectNode n = NODES.objectNode();
    n.put("metric", text(m.metric()));
    n.put("kind", wire(m.kind()));
    n.put("verdict", wire(m.verdict()));
    n.put("critical", m.critical());
    n.put("weight", finite(m.weight()));
    n.put("baseline_n", m.baselineN());
    n.put("canary_n", m.canaryN());
    n.put("test", text(m.test()));
    n.put("baseline_value", finite(m.baselineValue()));
    n.put("canary_value", finite(m.canaryValue()));
    n.put("estimate", finite(m.estimate()));
    n.put("lower", finite(m.lower()));
    n.put("upper", finite(m.upper()));
    n.put("threshold", finite(m.threshold()));
    n.put("p_value", finite(m.pValue()));
    n.put("unit", text(m.unit()));
    n.put("reason", text(m.reason()));
    return n;
  }

  private static ObjectNode event(RunEvent e) {
    ObjectNode n = NODES.objectNode();
    n.put("at", instant(e.at()));
    n.put("kind", text(e.kind()));
    n.put("message", text(e.message()));
    return n;
  }

  private static ObjectNode falseAlarms(FalseAlarmRate f) {
    if (f == null) {
      return null;
    }
    ObjectNode n = NODES.objectNode();
    n.put("runs", f.runs());
    n.put("false_alarms", f.falseAlarms());
    n.put("rate", finite(f.rate()));
    n.put("alpha", finite(f.alpha()));
    n.put("upper95", finite(f.upper95()));
    n.put("decided", f.decided());
    return n;
  }

  /** JSON has no NaN or infinity: those become null (a null Double is written as null). */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static Double finite(Double v) {
    return v == null ? null : finite(v.doubleValue());
  }

  /** Null kept as null; lone surrogates replaced so any encoder can write the string. */
  private static String text(String s) {
    return s == null ? null : Escape.clean(s);
  }

  private static String instant(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String wire(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }
}
