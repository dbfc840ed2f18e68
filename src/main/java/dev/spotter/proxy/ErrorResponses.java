package dev.spotter.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The answers the proxy gives itself, when a request is malformed or the primary cannot answer: a
 * short plain-text body saying what happened, marked with {@code X-Spotter-Error} so that they are
 * never mistaken for the service's own answers.
 */
final class ErrorResponses {
  static final String MARKER = "X-Spotter-Error";

  private ErrorResponses() {}

  static FullHttpResponse of(
      ByteBufAllocator alloc, HttpResponseStatus status, String why, boolean keepAlive) {
    String text = status.code() + " " + status.reasonPhrase() + ": " + why + "\n";
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(alloc, text));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    response.headers().set(MARKER, "proxy");
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }
}
