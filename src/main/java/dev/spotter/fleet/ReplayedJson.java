package dev.spotter.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.UpstreamResponse;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.Replayed;
import dev.spotter.replay.Sent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The form in which a worker stores what it replayed and the coordinator reads it back: one JSON
 * object per exchange, bodies in base64 exactly as received (still content-encoded; decoding is the
 * coordinator's, as in a check in one process). Lossless: what comes back judges the same.
 */
final class ReplayedJson {
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private ReplayedJson() {}

  static String write(Replayed replayed) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", replayed.exchangeId());
    if (replayed instanceof Replayed.Answered a) {
      root.put("kind", "answered");
      root.set("request", request(a.shown()));
      root.set("primary", sent(a.primary()));
      root.set("secondary", sent(a.secondary()));
      root.set("candidate", sent(a.candidate()));
    } else {
      Replayed.Skipped s = (Replayed.Skipped) replayed;
      root.put("kind", "skipped");
      root.put("reason", s.reason());
      root.put("detail", s.detail());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of plain values", e);
    }
  }

  /**
   * @param where the result's place, for the error, such as {@code run 7, exchange abc}
   * @throws SpotterException {@code fleet.bad_result} when the text is not a stored result
   */
  static Replayed read(String text, String where) {
    try {
      JsonNode root = JSON.readTree(text);
      String id = text(root, "id");
      String kind = text(root, "kind");
      return switch (kind) {
        case "answered" ->
            new Replayed.Answered(
                id,
                request(root.path("request")),
                sent(root.path("primary")),
                sent(root.path("secondary")),
                sent(root.path("candidate")));
        case "skipped" -> new Replayed.Skipped(id, text(root, "reason"), text(root, "detail"));
        default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
      };
    } catch (JsonProcessingException | RuntimeException e) {
      throw new SpotterException(
          "fleet.bad_result",
          "the stored result of " + where + " cannot be read: " + e.getMessage());
    }
  }

  private static ObjectNode request(HttpRequestData r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("method", r.method());
    n.put("url", r.url());
    n.set("headers", headers(r.headers()));
    body(n, r.body().bytes(), r.body().originalSize(), r.body().truncated());
    return n;
  }

  private static HttpRequestData request(JsonNode n) {
    return new HttpRequestData(
        text(n, "method"),
        text(n, "url"),
        headers(n.path("headers")),
        new Body(bytes(n), n.path("size").asLong(), n.path("truncated").asBoolean()));
  }

  private static ObjectNode sent(Sent sent) {
    ObjectNode n = JSON.createObjectNode();
    if (sent instanceof Sent.Received r) {
      UpstreamResponse u = r.response();
      n.put("status", u.status());
      n.set("headers", headers(u.headers()));
      body(n, u.body(), u.bodySize(), u.truncated());
      n.put("latency_ns", u.latencyNanos());
    } else {
      Sent.Lost l = (Sent.Lost) sent;
      n.put("failure", l.kind().name());
      n.put("message", l.message());
      n.put("elapsed_ns", l.elapsedNanos());
    }
    return n;
  }

  private static Sent sent(JsonNode n) {
    if (n.has("failure")) {
      return new Sent.Lost(
          FailureKind.valueOf(text(n, "failure")),
          n.path("message").asText(""),
          n.path("elapsed_ns").asLong());
    }
    if (!n.has("status")) {
      throw new IllegalArgumentException("an answer without status or failure");
    }
    return new Sent.Received(
        new UpstreamResponse(
            n.path("status").asInt(),
            headers(n.path("headers")),
            bytes(n),
            n.path("size").asLong(),
            n.path("truncated").asBoolean(),
            n.path("latency_ns").asLong()));
  }

  private static ArrayNode headers(Headers headers) {
    ArrayNode a = JSON.createArrayNode();
    for (Header h : headers.entries()) {
      a.addArray().add(h.name()).add(h.value());
    }
    return a;
  }

  private static Headers headers(JsonNode a) {
    List<Header> list = new ArrayList<>(a.size());
    for (JsonNode pair : a) {
      list.add(new Header(pair.path(0).asText(), pair.path(1).asText()));
    }
    return new Headers(list);
  }

  private static void body(ObjectNode n, byte[] bytes, long size, boolean truncated) {
    n.put("body", B64.encodeToString(bytes));
    n.put("size", size);
    n.put("truncated", truncated);
  }

  private static byte[] bytes(JsonNode n) {
    return B64D.decode(n.path("body").asText(""));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("no text field '" + field + "'");
    }
    return v.asText();
  }
}
