package dev.spotter.canary;

/**
 * What one arm (baseline or canary) served during a step.
 *
 * @param requests exchanges that ended on this arm (answered or failed; clients that left are
 *     excluded)
 * @param errors 5xx answers plus connection failures, timeouts and broken connections
 * @param status1xx answered 1xx ... 5xx: answers by status class
 * @param connectFailures the arm could not be connected to; for the canary the request was then
 *     served by the baseline, unnoticed by the client
 * @param timeouts the arm stayed silent past the upstream timeout (the client got 504)
 * @param broken the connection broke or the answer was not HTTP (the client got 502 or a cut)
 * @param clientsGone clients that went away before the answer was complete (not judged)
 * @param latency latencies of answered requests
 */
public record ArmSummary(
    long requests,
    long errors,
    long status2xx,
    long status3xx,
    long status4xx,
    long status5xx,
    long connectFailures,
    long timeouts,
    long broken,
    long clientsGone,
    LatencyDistribution latency) {

  /** Errors over requests, 0 when there were none. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
