package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ContentDecoder;
import dev.spotter.proxy.ObservedExchange;
import java.util.Optional;

/**
 * Turns an exchange copied by the proxy into the {@link Exchange} a corpus keeps, the way imports
 * store theirs: the response body decoded up to the cap with its Content-Encoding header kept,
 * bodies over the cap cut and marked truncated, and everything redacted before it leaves here. Its
 * id is a new capture id (time-ordered, see {@link CaptureIds}).
 */
final class RecordConversion {
  /** A converted exchange, and whether its response body failed to decode. */
  record Converted(Exchange exchange, boolean undecodable) {}

  private final Redactor redactor;
  private final long bodyCap;
  private final String source;
  private final CaptureIds captureIds = new CaptureIds();

  RecordConversion(Redactor redactor, long bodyCap, String source) {
    this.redactor = redactor;
    this.bodyCap = bodyCap;
    this.source = source;
  }

  Converted convert(ObservedExchange o) {
    HttpRequestData request =
        new HttpRequestData(
            o.method(),
            url(o.uri(), o.requestHeaders()),
            o.requestHeaders(),
            o.requestBody().capped(bodyCap));
    ContentDecoder.Result decoded =
        ContentDecoder.decode(o.responseHeaders(), o.responseBody(), bodyCap);
    boolean undecodable = decoded instanceof ContentDecoder.Result.Corrupt;
    // A body that does not follow its declared coding is kept as it came: still evidence.
    Body responseBody =
        undecodable
            ? o.responseBody().capped(bodyCap)
            : ((ContentDecoder.Result.Decoded) decoded).body().capped(bodyCap);
    HttpResponseData response = new HttpResponseData(o.status(), o.responseHeaders(), responseBody);
    Exchange exchange =
        new Exchange(
            // The capture id: made once, here, so that the store and the stream get the same id and
            // a batch written twice (a retry, a consumer restarted before it committed) is stored
            // once.
            captureIds.next(), request, response, o.startedAt(), o.latencyNanos() / 1000, source);
    return new Converted(redactor.redact(exchange), undecodable);
  }

  /**
   * An absolute URL when the client sent an origin-form target and a Host (the proxy listens on
   * plain HTTP); otherwise the target as sent, which replay reads the path and query of anyway.
   */
  static String url(String uri, Headers requestHeaders) {
    Optional<String> host = requestHeaders.first("Host").map(String::strip);
    if (uri.startsWith("/") && host.isPresent() && isAuthority(host.get())) {
      return "http://" + host.get() + uri;
    }
    return uri;
  }

  /** A Host with '/', '?', '#' or '@' in it would move the path replay reads, so it is left out. */
  private static boolean isAuthority(String host) {
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
