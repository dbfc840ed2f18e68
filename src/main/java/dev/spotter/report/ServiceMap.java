package dev.spotter.report;

import dev.spotter.model.Endpoint;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a corpus tells about the service it was recorded from: every endpoint with its share of the
 * traffic, its status mix, its latency, the shape of its JSON answers and whether a stored check
 * run or an active guard covers it. Built by {@link ServiceMapBuilder}; written for people by
 * {@link ServiceMapText} and for machines by {@link ServiceMapJson}.
 *
 * @param corpus the corpus read
 * @param requests every exchange read, kept endpoints or not
 * @param endpoints the endpoints, most requests first (ties by endpoint)
 * @param schemaBodies at most this many 2xx bodies per endpoint were read for its schema
 * @param endpointsDropped distinct endpoints past {@link ServiceMapBuilder#MAX_ENDPOINTS}: counted,
 *     not kept
 * @param requestsDropped the requests of those endpoints
 * @param runsRead check and shadow runs whose reports were read for coverage
 * @param guardsRead active guards read for coverage
 */
public record ServiceMap(
    String corpus,
    long requests,
    List<Entry> endpoints,
    int schemaBodies,
    long endpointsDropped,
    long requestsDropped,
    int runsRead,
    int guardsRead) {

  public ServiceMap {
    endpoints = List.copyOf(endpoints);
  }

  /**
   * Exchanges of the mapped endpoints that have no recorded response: counted in requests, not in
   * latency figures, status classes or schemas.
   */
  public long withoutResponse() {
    return endpoints.stream().mapToLong(e -> e.statuses().noResponse()).sum();
  }

  /** The endpoints that no check run compared and no active guard replays, ranked like all. */
  public List<Entry> gaps() {
    return endpoints.stream().filter(e -> e.coverage().gap()).toList();
  }

  /**
   * One endpoint as seen in the corpus.
   *
   * @param share its requests over all requests of the corpus, 0 to 1
   */
  public record Entry(
      Endpoint endpoint,
      long requests,
      double share,
      StatusMix statuses,
      Latency latency,
      Schema schema,
      Coverage coverage) {}

  /**
   * Answers counted by status class.
   *
   * @param other 1xx and statuses outside 100..599
   * @param noResponse exchanges recorded without a response
   */
  public record StatusMix(
      long s2xx, long s3xx, long s4xx, long s5xx, long other, long noResponse) {}

  /**
   * Quantiles of the recorded durations, in milliseconds; NaN when no exchange had a duration.
   *
   * @param samples exchanges with a known duration and a recorded response
   */
  public record Latency(long samples, double p50Millis, double p90Millis, double p99Millis) {}

  /**
   * The inferred shape of an endpoint's 2xx answers.
   *
   * @param bodies 2xx answers with a body
   * @param examined of them, how many were read (the first ones, at most {@link
   *     ServiceMap#schemaBodies()})
   * @param json of those read, how many parsed as JSON
   * @param fields every path seen, in the order first seen
   * @param fieldsCut true when more distinct paths came than {@link ServiceMapBuilder#MAX_FIELDS}
   * @param notInferred bodies read that are not JSON, by media type ({@code text/csv}, or {@code
   *     unknown type} without a Content-Type)
   * @param invalidJson bodies read that say JSON but do not parse
   * @param truncated bodies read that were cut at capture, too short to parse
   * @param undecodable bodies read whose Content-Encoding does not decode
   */
  public record Schema(
      long bodies,
      int examined,
      int json,
      List<Field> fields,
      boolean fieldsCut,
      Map<String, Long> notInferred,
      long invalidJson,
      long truncated,
      long undecodable) {

    public Schema {
      fields = List.copyOf(fields);
      // sorted by media type, so every rendering lists them in the same order
      notInferred = Collections.unmodifiableMap(new TreeMap<>(notInferred));
    }
  }

  /**
   * A path in an endpoint's JSON answers: {@code $} the whole body, {@code $.items[]} the elements
   * of an array, {@code $.items[].sku} a field of those elements.
   *
   * @param types the JSON types seen there (object, array, string, number, boolean, null), the most
   *     frequent first
   * @param seen how many values were seen at this path
   * @param presence for an object field, the share of its parents that had it (1 for a field always
   *     present); NaN for the body itself and for array elements, where presence means nothing
   */
  public record Field(String path, List<String> types, long seen, double presence) {
    public Field {
      types = List.copyOf(types);
    }

    /** True for an object field that some of its parents lacked. */
    public boolean optional() {
      return presence < 1;
    }
  }

  /**
   * What covers an endpoint.
   *
   * @param runs every stored check or shadow run read that compared it, newest first
   * @param guardIds the active guards whose request falls under it, oldest first
   */
  public record Coverage(List<RunRef> runs, List<Long> guardIds) {
    public static final Coverage NONE = new Coverage(List.of(), List.of());

    public Coverage {
      runs = List.copyOf(runs);
      guardIds = List.copyOf(guardIds);
    }

    /** Covered by one run (none when {@code runId} is null) and the guards. */
    public Coverage(String runId, String runKind, List<Long> guardIds) {
      this(runId == null ? List.of() : List.of(new RunRef(runId, runKind)), guardIds);
    }

    /** The newest run that compared it, or null. */
    public String runId() {
      return runs.isEmpty() ? null : runs.get(0).id();
    }

    /** {@code check} or {@code shadow}: the newest run's kind, or null without a run. */
    public String runKind() {
      return runs.isEmpty() ? null : runs.get(0).kind();
    }

    /** Seen in traffic, yet in no check run and no guard: a change to it ships unseen. */
    public boolean gap() {
      return runs.isEmpty() && guardIds.isEmpty();
    }
  }

  /**
   * A stored run, by id and kind.
   *
   * @param kind {@code check} or {@code shadow}
   */
  public record RunRef(String id, String kind) {}
}
