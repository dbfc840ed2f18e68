package dev.spotter.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/** Turns whatever Netty or the JDK threw into one of the {@link UpstreamFailure.Kind}s. */
final class FailureClassifier {
  private FailureClassifier() {}

  /** The connection ended before the response was complete. */
  static final class PrematureClose extends IOException {
    private static final long serialVersionUID = 1L;

    PrematureClose(String message) {
      super(message);
    }
  }

  /** The response could not be parsed as HTTP/1.1. */
  static final class ProtocolViolation extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(Throwable cause) {
      super(cause == null ? "malformed response" : cause.getMessage(), cause);
    }
  }

  static UpstreamFailure classify(Throwable thrown, UpstreamTarget target, long elapsedNanos) {
    Throwable t = unwrap(thrown);
    if (t instanceof UpstreamFailure f) {
      return f;
    }
    UpstreamFailure.Kind kind = kindOf(t);
    String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof UnknownHostException) {
      // still OTHER for the counts, but the message must not read like a generic network error
      return new UpstreamFailure(
          kind,
          target + ": host does not resolve ('" + target.host() + "' is not a known name)",
          elapsedNanos,
          t);
    }
    String message =
        switch (kind) {
          case TIMEOUT -> "connecting to " + target + " timed out";
          case CONNECTION_REFUSED -> target + " refused the connection";
          case CONNECTION_RESET -> target + ": " + detail;
          case PROTOCOL_ERROR -> target + " sent a malformed response: " + detail;
          case TLS -> "TLS with " + target + " failed: " + detail;
          case OTHER -> target + ": " + detail;
        };
    return new UpstreamFailure(kind, message, elapsedNanos, t);
  }

  static UpstreamFailure.Kind kindOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException) {
        return UpstreamFailure.Kind.TLS;
      }
    }
    if (t instanceof ConnectTimeoutException) {
      return UpstreamFailure.Kind.TIMEOUT;
    }
    if (t instanceof ConnectException) {
      return UpstreamFailure.Kind.CONNECTION_REFUSED;
    }
    if (t instanceof ProtocolViolation || t instanceof DecoderException) {
      return UpstreamFailure.Kind.PROTOCOL_ERROR;
    }
    if (t instanceof UnknownHostException) {
      return UpstreamFailure.Kind.OTHER;
    }
    if (isConnectionLoss(t)) {
      return UpstreamFailure.Kind.CONNECTION_RESET;
    }
    return UpstreamFailure.Kind.OTHER;
  }

  /**
   * Whether the failure looks like a connection that was gone before the request reached the
   * server, the usual fate of a keep-alive connection the server closed while it sat idle.
   */
  static boolean isConnectionLoss(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof PrematureClose
        || t instanceof ClosedChannelException
        || t instanceof PrematureChannelClosureException) {
      return true;
    }
    if (t instanceof IOException && t.getMessage() != null) {
      String m = t.getMessage().toLowerCase(Locale.ROOT);
      return m.contains("reset") || m.contains("broken pipe") || m.contains("closed");
    }
    return false;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
