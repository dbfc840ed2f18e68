package dev.spotter.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

/** A {@link RequestHead} over Netty's request, read before the proxy rewrites it. */
final class NettyRequestHead implements RequestHead {
  private final HttpRequest request;
  private final String clientAddress;
  private long tag;

  NettyRequestHead(HttpRequest request, String clientAddress) {
    this.request = request;
    this.clientAddress = clientAddress;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public String header(String name) {
    return request.headers().get(name);
  }

  @Override
  public String cookie(String name) {
    for (String line : request.headers().getAll(HttpHeaderNames.COOKIE)) {
      // lax: real browsers send cookies RFC 6265 would reject, and a routing key must still be read
      for (Cookie c : ServerCookieDecoder.LAX.decodeAll(line)) {
        if (c.name().equals(name)) {
          return c.value();
        }
      }
    }
    return null;
  }

  @Override
  public String clientAddress() {
    return clientAddress;
  }

  @Override
  public void tag(long value) {
    tag = value;
  }

  long tag() {
    return tag;
  }
}
