package dev.spotter.replay;

import dev.spotter.model.HttpResponseData;

/** What one target did with one replayed request. */
public sealed interface TargetOutcome {
  long latencyMicros();

  /**
   * The target answered; the body is decoded.
   *
   * @param response status, headers as received, body after content-decoding
   * @param latencyMicros from sending the request to the last byte of the answer
   */
  record Answered(HttpResponseData response, long latencyMicros) implements TargetOutcome {}

  /**
   * The target gave no usable answer.
   *
   * @param kind why
   * @param message what the client saw, for the report
   * @param latencyMicros how long it took to fail
   */
  record Failed(FailureKind kind, String message, long latencyMicros) implements TargetOutcome {}
}
