package dev.spotter.testsupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.spotter.testsupport.TrafficFixture.Answer;
import dev.spotter.testsupport.TrafficFixture.Request;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which endpoints an upgrade really changes, found by asking the builds directly and not by what
 * anyone expects: every request is sent to two separately started copies of the old build and to
 * the new build. A part of an answer (the status, one compared header, the body) really changed on
 * a request when the two old copies agree on it and the new build's differs; an endpoint really
 * changed when that happened on at least one of its requests. A part the old copies disagree on is
 * the old build's own noise and says nothing either way.
 *
 * <p>Bodies are compared as JSON trees (object key order ignored, numbers by value) when both
 * parse, byte for byte otherwise. Headers are compared as Spotter compares them: names without
 * case, repeated fields joined, and none of the headers Spotter leaves out by default
 * (docs/how-it-works.md, "Headers") or that the case's spotter.yaml leaves out.
 */
public final class UpgradeTruth {
  /**
   * docs/how-it-works.md, "Headers": not compared by default because they vary between runs. The
   * truth leaves out what Spotter is documented to leave out; which answers changed it finds
   * itself.
   */
  public static final Set<String> SPOTTER_DEFAULT_IGNORED_HEADERS =
      dev.spotter.diff.DiffSettings.DEFAULT_IGNORED_HEADERS;

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /**
   * What the builds answered to one request.
   *
   * @param changed the parts the new build changed ("status", "header x-total-count", "body")
   * @param noisy the parts the two old copies already disagree on
   */
  public record RequestTruth(
      Request request,
      Answer primary,
      Answer secondary,
      Answer candidate,
      List<String> changed,
      List<String> noisy) {
    public boolean reallyChanged() {
      return !changed.isEmpty();
    }
  }

  private final List<RequestTruth> requests;

  private UpgradeTruth(List<RequestTruth> requests) {
    this.requests = List.copyOf(requests);
  }

  /**
   * Headers that are not compared: Spotter's defaults, plus {@code diff.ignoreHeaders} of the
   * configuration, minus its {@code diff.compareHeaders}.
   */
  public static Set<String> ignoredHeaders(Path spotterYaml) throws IOException {
    Set<String> ignored = new TreeSet<>(SPOTTER_DEFAULT_IGNORED_HEADERS);
    JsonNode diff = new YAMLMapper().readTree(spotterYaml.toFile()).path("diff");
    diff.path("ignoreHeaders").forEach(h -> ignored.add(h.asText().toLowerCase(Locale.ROOT)));
    diff.path("compareHeaders").forEach(h -> ignored.remove(h.asText().toLowerCase(Locale.ROOT)));
    return ignored;
  }

  /** Asks the three builds every request of the fixture, in order. */
  public static UpgradeTruth ask(
      TrafficFixture fixture, URI oldA, URI oldB, URI newBuild, Set<String> ignoredHeaders)
      throws IOException, InterruptedException {
    List<RequestTruth> truths = new ArrayList<>();
    for (Request r : fixture.requests()) {
      Answer a = fixture.send(oldA, r);
      Answer b = fixture.send(oldB, r);
      Answer c = fixture.send(newBuild, r);
      List<String> changed = new ArrayList<>();
      List<String> noisy = new ArrayList<>();
      judge("status", a.status(), b.status(), c.status(), changed, noisy);
      Set<String> names = new TreeSet<>();
      names.addAll(a.headerNames());
      names.addAll(b.headerNames());
      names.addAll(c.headerNames());
      for (String name : names) {
        if (!ignoredHeaders.contains(name)) {
          judge("header " + name, a.header(name), b.header(name), c.header(name), changed, noisy);
        }
      }
      Object bodyA = bodyValue(a.body());
      judgeBody(bodyA, bodyValue(b.body()), bodyValue(c.body()), changed, noisy);
      truths.add(new RequestTruth(r, a, b, c, List.copyOf(changed), List.copyOf(noisy)));
    }
    return new UpgradeTruth(truths);
  }

  private static void judge(
      String part, Object a, Object b, Object c, List<String> changed, List<String> noisy) {
    if (!Objects.equals(a, b)) {
      noisy.add(part);
    } else if (!Objects.equals(a, c)) {
      changed.add(part);
    }
  }

  private static void judgeBody(
      Object a, Object b, Object c, List<String> changed, List<String> noisy) {
    if (!sameBody(a, b)) {
      noisy.add("body");
    } else if (!sameBody(a, c)) {
      changed.add("body");
    }
  }

  /** A JSON tree when the bytes parse as one JSON value, else the bytes themselves. */
  private static Object bodyValue(byte[] body) {
    if (body.length == 0) {
      return new Bytes(body);
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return new Bytes(body);
    }
  }

  private static boolean sameBody(Object a, Object b) {
    if (a instanceof JsonNode x && b instanceof JsonNode y) {
      return x.equals(NUMBERS_BY_VALUE, y);
    }
    return a.equals(b);
  }

  /** Numbers compare by value (1 equals 1.0), as Spotter compares them; anything else as is. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
          return numeric(x).compareTo(numeric(y));
        }
        return x.equals(y) ? 0 : 1;
      };

  private static BigDecimal numeric(JsonNode n) {
    return n.isBigDecimal() || n.isFloatingPointNumber()
        ? new BigDecimal(n.asText())
        : new BigDecimal(n.bigIntegerValue());
  }

  private record Bytes(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  public List<RequestTruth> requests() {
    return requests;
  }

  /** Endpoints with at least one request whose answer really changed. */
  public Set<String> changedEndpoints() {
    Set<String> changed = new TreeSet<>();
    requests.stream()
        .filter(RequestTruth::reallyChanged)
        .forEach(t -> changed.add(t.request().endpoint()));
    return changed;
  }

  /** Endpoints none of whose requests really changed. */
  public Set<String> unchangedEndpoints() {
    Set<String> unchanged = new TreeSet<>(endpoints());
    unchanged.removeAll(changedEndpoints());
    return unchanged;
  }

  public Set<String> endpoints() {
    Set<String> all = new TreeSet<>();
    requests.forEach(t -> all.add(t.request().endpoint()));
    return all;
  }

  /** Endpoints that really changed and have exactly one request in the fixture. */
  public Set<String> changedEndpointsSeenOnce() {
    Map<String, Integer> counts = new TreeMap<>();
    requests.forEach(t -> counts.merge(t.request().endpoint(), 1, Integer::sum));
    Set<String> once = new TreeSet<>();
    for (String e : changedEndpoints()) {
      if (counts.get(e) == 1) {
        once.add(e);
      }
    }
    return once;
  }

  /** The truth per endpoint and per request, for assertion messages. */
  public String table() {
    Map<String, List<RequestTruth>> byEndpoint = new TreeMap<>();
    requests.forEach(
        t -> byEndpoint.computeIfAbsent(t.request().endpoint(), k -> new ArrayList<>()).add(t));
    StringBuilder sb = new StringBuilder("Truth, asked of two old copies and the new build:\n");
    for (Map.Entry<String, List<RequestTruth>> e : byEndpoint.entrySet()) {
      boolean changed = e.getValue().stream().anyMatch(RequestTruth::reallyChanged);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-9s %-34s %d request(s)%n",
              changed ? "CHANGED" : "same",
              e.getKey(),
              e.getValue().size()));
      for (RequestTruth t : e.getValue()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "      #%-3d %-44s old %d/%d new %d",
                t.request().index() + 1,
                t.request(),
                t.primary().status(),
                t.secondary().status(),
                t.candidate().status()));
        if (!t.changed().isEmpty()) {
          sb.append("  changed: ").append(String.join(", ", t.changed()));
        }
        if (!t.noisy().isEmpty()) {
          sb.append("  old copies disagree: ").append(String.join(", ", t.noisy()));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
