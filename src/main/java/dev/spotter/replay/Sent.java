package dev.spotter.replay;

import dev.spotter.proxy.UpstreamFailure;
import dev.spotter.proxy.UpstreamResponse;

/** What one target returned for one request, before decoding: an answer or a failure. */
public sealed interface Sent {
  /** The target answered; the body is as received (content-encoded), perhaps cut at a cap. */
  record Received(UpstreamResponse response) implements Sent {}

  /** The target gave no answer, and why. */
  record Lost(FailureKind kind, String message, long elapsedNanos) implements Sent {}

  /** From what {@link dev.spotter.proxy.UpstreamClient#send} completed with. */
  static Sent of(UpstreamResponse response, Throwable error) {
    if (response != null) {
      return new Received(response);
    }
    Throwable cause = error;
    while (cause != null && !(cause instanceof UpstreamFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof UpstreamFailure f) {
      return new Lost(kindOf(f.kind()), f.getMessage(), f.elapsedNanos());
    }
    return new Lost(FailureKind.OTHER, String.valueOf(error), 0);
  }

  static FailureKind kindOf(UpstreamFailure.Kind kind) {
    return switch (kind) {
      case TIMEOUT -> FailureKind.TIMEOUT;
      case CONNECTION_REFUSED -> FailureKind.CONNECTION_REFUSED;
      case CONNECTION_RESET -> FailureKind.CONNECTION_RESET;
      case PROTOCOL_ERROR -> FailureKind.PROTOCOL_ERROR;
      case TLS, OTHER -> FailureKind.OTHER;
    };
  }
}
