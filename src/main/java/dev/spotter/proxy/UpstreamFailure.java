package dev.spotter.proxy;

/**
 * Why an upstream request gave no response; the exception a {@link UpstreamClient} future completes
 * with.
 */
public final class UpstreamFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The closed set of ways an upstream request can fail. */
  public enum Kind {
    /** No complete response within the request's timeout (connecting included). */
    TIMEOUT,
    /** Nothing listens on the target's port. */
    CONNECTION_REFUSED,
    /** The connection was reset or closed before the response was complete. */
    CONNECTION_RESET,
    /** The target answered with something that is not HTTP/1.1 as the decoder understands it. */
    PROTOCOL_ERROR,
    /** The TLS handshake failed: untrusted certificate, wrong host name, no common protocol. */
    TLS,
    /** Anything else: unknown host, a request that cannot be encoded, a client that was closed. */
    OTHER
  }

  private final Kind kind;
  private final long elapsedNanos;

  public UpstreamFailure(Kind kind, String message, long elapsedNanos, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.elapsedNanos = elapsedNanos;
  }

  public Kind kind() {
    return kind;
  }

  /** From the call to {@link UpstreamClient#send} until the failure was known. */
  public long elapsedNanos() {
    return elapsedNanos;
  }
}
