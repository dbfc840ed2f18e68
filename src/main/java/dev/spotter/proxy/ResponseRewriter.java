package dev.spotter.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Turns the primary's response head into the one the client receives, in place. Status, every
 * end-to-end header and (afterwards) the body pass unchanged; only the connection's own fields are
 * restated: hop-by-hop fields removed, the body framed by the primary's Content-Length or else
 * chunked (close-delimited for an HTTP/1.0 client), Connection set when the connection will close
 * or an HTTP/1.0 client keeps it.
 */
final class ResponseRewriter {
  private ResponseRewriter() {}

  /** Removes hop-by-hop fields; call before copying the head for an observer. */
  static void strip(HttpResponse response) {
    HopByHopHeaders.stripInPlace(response.headers());
  }

  /**
   * Restates the framing and connection fields for the client, after {@link #strip}.
   *
   * @param bodiless true when no body may follow (a HEAD request, 1xx, 204, 304)
   * @param clientVersion the client's HTTP version
   * @param keepAlive whether the client's connection should stay open
   * @return whether it will stay open: false as well when only closing can end the body
   */
  static boolean frame(
      HttpResponse response, boolean bodiless, HttpVersion clientVersion, boolean keepAlive) {
    HttpHeaders headers = response.headers();
    boolean http10 = clientVersion.equals(HttpVersion.HTTP_1_0);
    if (!bodiless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (http10) {
        keepAlive = false; // an HTTP/1.0 client knows no chunks: the body ends with the connection
      } else {
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    return keepAlive;
  }

  /** Whether a response to this request with this status never has a body. */
  static boolean bodiless(boolean headRequest, int status) {
    return headRequest || (status >= 100 && status < 200) || status == 204 || status == 304;
  }
}
