package dev.spotter.report;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Exchange;
import dev.spotter.model.HttpResponseData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link ServiceMap} from a corpus fed one exchange at a time, so a corpus of millions is
 * streamed, never held. What it keeps is bounded: per endpoint a few counters, a latency histogram
 * and a schema of at most {@link #MAX_FIELDS} paths; at most {@link #MAX_ENDPOINTS} endpoints. Not
 * thread-safe: one reader feeds it.
 */
public final class ServiceMapBuilder {
  /** 2xx bodies per endpoint read for its schema unless told otherwise. */
  public static final int DEFAULT_SCHEMA_BODIES = 100;

  /** Distinct endpoints kept; requests of further ones are only counted. */
  public static final int MAX_ENDPOINTS = 1000;

  /** Distinct JSON paths kept per endpoint. */
  public static final int MAX_FIELDS = 300;

  /** Undoes the content codings of a stored answer's body before it is read as JSON. */
  @FunctionalInterface
  public interface BodyDecoder {
    /** The body as the client finally saw it, or null when its bytes do not follow its codings. */
    Body decode(HttpResponseData response);
  }

  private final EndpointGrouper grouper;
  private final BodyDecoder decoder;
  private final int schemaBodies;
  private final Map<Endpoint, ServiceMapTally> tallies = new HashMap<>();
  private final Set<Endpoint> dropped = new HashSet<>();
  private long requests;
  private long requestsDropped;

  /**
   * @param grouper puts each request under its endpoint, as a check does
   * @param decoder undoes content codings; bodies are decoded only for the schema
   * @param schemaBodies 2xx bodies per endpoint read for its schema, 0 for none
   */
  public ServiceMapBuilder(EndpointGrouper grouper, BodyDecoder decoder, int schemaBodies) {
    if (schemaBodies < 0) {
      throw new IllegalArgumentException("schemaBodies must not be negative: " + schemaBodies);
    }
    this.grouper = grouper;
    this.decoder = decoder;
    this.schemaBodies = schemaBodies;
  }

  /** Counts one exchange under its endpoint. */
  public void add(Exchange exchange) {
    requests++;
    Endpoint endpoint = grouper.endpointOf(exchange.request().method(), exchange.request().path());
    ServiceMapTally tally = tallies.get(endpoint);
    if (tally == null) {
      if (tallies.size() >= MAX_ENDPOINTS) {
        requestsDropped++;
        // Bounded too: past this many endpoints the grouper folds nothing, and the count is a hint.
        if (dropped.size() < MAX_ENDPOINTS) {
          dropped.add(endpoint);
        }
        return;
      }
      tally = new ServiceMapTally(new ServiceMapSchema(schemaBodies, decoder));
      tallies.put(endpoint, tally);
    }
    tally.add(exchange);
  }

  /** The map of what was added so far, each endpoint with what {@code coverage} says of it. */
  public ServiceMap build(String corpus, ServiceMapCoverage coverage) {
    List<ServiceMap.Entry> entries = new ArrayList<>(tallies.size());
    for (Map.Entry<Endpoint, ServiceMapTally> e : tallies.entrySet()) {
      ServiceMapTally t = e.getValue();
      entries.add(
          new ServiceMap.Entry(
              e.getKey(),
              t.requests(),
              (double) t.requests() / requests,
              t.statuses(),
              t.latency(),
              t.schema(),
              coverage.of(e.getKey())));
    }
    entries.sort(
        Comparator.comparingLong(ServiceMap.Entry::requests)
            .reversed()
            .thenComparing(ServiceMap.Entry::endpoint));
    return new ServiceMap(
        corpus,
        requests,
        entries,
        schemaBodies,
        dropped.size(),
        requestsDropped,
        coverage.runsRead(),
        coverage.guardsRead());
  }
}
