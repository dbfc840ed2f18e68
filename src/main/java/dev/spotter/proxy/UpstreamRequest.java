package dev.spotter.proxy;

import dev.spotter.model.Headers;
import java.util.Objects;

/**
 * A request exactly as it is to be written: the client adds no header of its own, so the caller
 * sets Host and Content-Length.
 *
 * @param method the method token, such as {@code GET}
 * @param target the origin-form request target, such as {@code /orders/7?x=1}
 * @param headers the header fields in the order they are written
 * @param body the body bytes, empty for none; not copied, so do not change them afterwards
 */
public record UpstreamRequest(String method, String target, Headers headers, byte[] body) {
  private static final byte[] NO_BODY = new byte[0];

  public UpstreamRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    headers = headers == null ? Headers.EMPTY : headers;
    body = body == null ? NO_BODY : body;
  }
}
