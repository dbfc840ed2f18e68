package dev.spotter.shadow;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Answers that differ in every way a proxy could get wrong (statuses with and without bodies,
 * repeated headers, chunked and fixed length, gzip, binary, large), each determined by the request
 * alone so that the same request always gets the same bytes.
 */
final class VariedResponses {
  private static final int[] STATUSES = {200, 200, 200, 201, 204, 301, 304, 404, 409, 500, 503};

  private VariedResponses() {}

  static FullHttpResponse answer(FullHttpRequest req) {
    Random r = new Random(req.uri().hashCode() * 31L + req.method().name().hashCode());
    int status = STATUSES[r.nextInt(STATUSES.length)];
    byte[] body = status == 204 || status == 304 ? new byte[0] : body(r, req);
    boolean gzip = body.length > 0 && r.nextInt(4) == 0;
    if (gzip) {
      body = gzip(body);
    }
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    if (r.nextBoolean() || status == 204 || status == 304) {
      if (status != 204) {
        resp.headers().set("Content-Length", body.length);
      }
    } else {
      resp.headers().set("Transfer-Encoding", "chunked");
    }
    resp.headers()
        .set("Content-Type", r.nextBoolean() ? "application/json" : "application/octet-stream");
    if (gzip) {
      resp.headers().set("Content-Encoding", "gzip");
    }
    for (int i = 0, n = r.nextInt(3); i < n; i++) {
      resp.headers().add("Set-Cookie", "c" + i + "=" + Long.toHexString(r.nextLong()) + "; Path=/");
    }
    if (status == 301) {
      resp.headers().set("Location", "/moved" + req.uri());
    }
    resp.headers().set("X-Echo-Method", req.method().name());
    resp.headers().set("X-Echo-Length", req.content().readableBytes());
    return resp;
  }

  private static byte[] body(Random r, FullHttpRequest req) {
    int kind = r.nextInt(10);
    if (kind == 0) {
      byte[] binary = new byte[1 + r.nextInt(70_000)];
      r.nextBytes(binary);
      return binary;
    }
    StringBuilder sb = new StringBuilder("{\"uri\":\"").append(req.uri()).append("\",\"items\":[");
    for (int i = 0, n = r.nextInt(kind == 1 ? 3000 : 20); i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"n\":").append(r.nextInt()).append('}');
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] body) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(body);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
