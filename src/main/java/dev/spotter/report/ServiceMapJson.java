package dev.spotter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.model.SpotterVersion;
import java.util.Map;

/**
 * The service map for machines: field names in snake_case, every schema path (not only the ones the
 * text shows), and numbers JSON cannot hold (NaN) as null. Built as a tree: a map holds at most
 * {@link ServiceMapBuilder#MAX_ENDPOINTS} endpoints of bounded size.
 */
public final class ServiceMapJson {
  /** Version of the layout; raise it when a field changes meaning or goes away. */
  static final int SCHEMA_VERSION = 1;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ServiceMapJson() {}

  /** The map as indented JSON, ending in a newline. */
  public static String render(ServiceMap map) {
    try {
      return JsonReport.MAPPER.writeValueAsString(tree(map)) + "\n";
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; reaching this is a bug, not bad data.
      throw new IllegalStateException("service map JSON could not be written", e);
    }
  }

  static ObjectNode tree(ServiceMap map) {
    ObjectNode root = NODES.objectNode();
    root.put("kind", "service_map");
    root.put("schema_version", SCHEMA_VERSION);
    root.put("spotter_version", SpotterVersion.VERSION);
    root.put("corpus", Escape.clean(map.corpus()));
    root.put("requests", map.requests());
    root.put("requests_without_response", map.withoutResponse());
    root.put("schema_bodies_per_endpoint", map.schemaBodies());
    root.put("runs_read", map.runsRead());
    root.put("guards_read", map.guardsRead());
    root.put("endpoints_dropped", map.endpointsDropped());
    root.put("requests_dropped", map.requestsDropped());
    ArrayNode endpoints = root.putArray("endpoints");
    map.endpoints().forEach(e -> endpoints.add(entry(e)));
    ArrayNode gaps = root.putArray("gaps");
    map.gaps().forEach(e -> gaps.add(Escape.clean(e.endpoint().toString())));
    return root;
  }

  private static ObjectNode entry(ServiceMap.Entry e) {
    ObjectNode n = NODES.objectNode();
    n.put("endpoint", Escape.clean(e.endpoint().toString()));
    n.put("method", e.endpoint().method());
    n.put("path", Escape.clean(e.endpoint().pathTemplate()));
    n.put("requests", e.requests());
    n.put("share", finite(e.share()));
    ObjectNode status = n.putObject("status");
    status.put("2xx", e.statuses().s2xx());
    status.put("3xx", e.statuses().s3xx());
    status.put("4xx", e.statuses().s4xx());
    status.put("5xx", e.statuses().s5xx());
    status.put("other", e.statuses().other());
    status.put("no_response", e.statuses().noResponse());
    ObjectNode latency = n.putObject("latency_ms");
    latency.put("samples", e.latency().samples());
    latency.put("p50", finite(e.latency().p50Millis()));
    latency.put("p90", finite(e.latency().p90Millis()));
    latency.put("p99", finite(e.latency().p99Millis()));
    n.set("coverage", coverage(e.coverage()));
    n.set("schema", schema(e.schema()));
    return n;
  }

  private static ObjectNode coverage(ServiceMap.Coverage c) {
    ObjectNode n = NODES.objectNode();
    n.put("gap", c.gap());
    n.put("run_id", c.runId());
    n.put("run_kind", c.runKind());
    ArrayNode runs = n.putArray("runs");
    for (ServiceMap.RunRef run : c.runs()) {
      ObjectNode r = runs.addObject();
      r.put("run_id", run.id());
      r.put("run_kind", run.kind());
    }
    ArrayNode guards = n.putArray("guard_ids");
    c.guardIds().forEach(guards::add);
    n.put("covered_by", ServiceMapText.coveredBy(c));
    return n;
  }

  private static ObjectNode schema(ServiceMap.Schema s) {
    ObjectNode n = NODES.objectNode();
    n.put("bodies", s.bodies());
    n.put("examined", s.examined());
    n.put("json", s.json());
    ArrayNode fields = n.putArray("fields");
    for (ServiceMap.Field f : s.fields()) {
      ObjectNode field = fields.addObject();
      field.put("path", Escape.clean(f.path()));
      ArrayNode types = field.putArray("types");
      f.types().forEach(types::add);
      field.put("seen", f.seen());
      field.put("presence", finite(f.presence()));
      field.put("optional", f.optional());
    }
    n.put("fields_cut", s.fieldsCut());
    ArrayNode notInferred = n.putArray("not_inferred");
    for (Map.Entry<String, Long> e : s.notInferred().entrySet()) {
      ObjectNode kind = notInferred.addObject();
      kind.put("media_type", Escape.clean(e.getKey()));
      kind.put("bodies", e.getValue());
    }
    n.put("invalid_json", s.invalidJson());
    n.put("truncated", s.truncated());
    n.put("undecodable", s.undecodable());
    return n;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
