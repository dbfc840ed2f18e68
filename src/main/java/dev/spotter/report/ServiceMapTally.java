package dev.spotter.report;

import dev.spotter.model.Exchange;
import dev.spotter.model.HttpResponseData;
import org.HdrHistogram.Histogram;

/** What the service map keeps of one endpoint while the corpus streams by. */
final class ServiceMapTally {
  // Three significant digits: 0.1 % error on a quantile, a few kilobytes per endpoint.
  private final Histogram latencyMicros = new Histogram(3);
  private final ServiceMapSchema schema;
  private long requests;
  private long s2xx;
  private long s3xx;
  private long s4xx;
  private long s5xx;
  private long other;
  private long noResponse;

  ServiceMapTally(ServiceMapSchema schema) {
    this.schema = schema;
  }

  void add(Exchange exchange) {
    requests++;
    HttpResponseData response = exchange.response();
    if (response == null) {
      // a request that got no answer, or one imported without its answer (a load tool's request
      // list): its duration, if any, is not the service's latency
      noResponse++;
      return;
    }
    if (exchange.durationMicros() >= 0) {
      latencyMicros.recordValue(exchange.durationMicros());
    }
    switch (response.status() / 100) {
      case 2 -> {
        s2xx++;
        if (!response.body().isEmpty()) {
          schema.offer(response);
        }
      }
      case 3 -> s3xx++;
      case 4 -> s4xx++;
      case 5 -> s5xx++;
      default -> other++;
    }
  }

  long requests() {
    return requests;
  }

  ServiceMap.StatusMix statuses() {
    return new ServiceMap.StatusMix(s2xx, s3xx, s4xx, s5xx, other, noResponse);
  }

  ServiceMap.Latency latency() {
    long samples = latencyMicros.getTotalCount();
    if (samples == 0) {
      return new ServiceMap.Latency(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new ServiceMap.Latency(samples, millis(50), millis(90), millis(99));
  }

  ServiceMap.Schema schema() {
    return schema.result();
  }

  private double millis(double percentile) {
    return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }
}
