package dev.spotter.web;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.report.ServiceMap;
import dev.spotter.report.ServiceMapBuilder;
import dev.spotter.report.ServiceMapCoverage;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import java.time.Clock;

/**
 * Builds a corpus's service map as {@code spotter map} does. The grouper and the body decoder are
 * handed in by the command line, which owns the configuration and the proxy's decoder.
 */
public final class MapMaker {
  private final EndpointGrouper grouper;
  private final ServiceMapBuilder.BodyDecoder decoder;
  private final Clock clock;

  public MapMaker(EndpointGrouper grouper, ServiceMapBuilder.BodyDecoder decoder, Clock clock) {
    this.grouper = grouper;
    this.decoder = decoder;
    this.clock = clock;
  }

  /**
   * The map of {@code corpus}, with what stored runs and active guards cover.
   *
   * @throws dev.spotter.model.SpotterException {@code store.no_such_corpus} naming the corpora
   */
  ServiceMap build(Store store, String corpus) {
    ServiceMapBuilder builder =
        new ServiceMapBuilder(grouper, decoder, ServiceMapBuilder.DEFAULT_SCHEMA_BODIES);
    try (ExchangeCursor cursor = store.read(corpus)) {
      while (cursor.hasNext()) {
        builder.add(cursor.next());
      }
    }
    ServiceMapCoverage coverage =
        ServiceMapCoverage.from(store, grouper, clock, ServiceMapCoverage.DEFAULT_RUNS);
    return builder.build(corpus, coverage);
  }
}
