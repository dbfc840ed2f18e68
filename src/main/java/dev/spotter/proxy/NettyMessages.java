package dev.spotter.proxy;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Conversions between Spotter's header and request records and Netty's messages. */
final class NettyMessages {
  private NettyMessages() {}

  /**
   * The request as Netty writes it, headers in the given order and nothing added. The body array is
   * wrapped, not copied. Throws IllegalArgumentException for a method or header HTTP forbids.
   */
  static FullHttpRequest toNetty(UpstreamRequest request) {
    HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    for (Header h : request.headers().entries()) {
      headers.add(h.name(), h.value());
    }
    return new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1,
        HttpMethod.valueOf(request.method()),
        request.target(),
        Unpooled.wrappedBuffer(request.body()),
        headers,
        DefaultHttpHeadersFactory.trailersFactory().newHeaders());
  }

  /** Netty's headers as Spotter's, in wire order with names spelt as received. */
  static Headers headers(HttpHeaders nettyHeaders) {
    Header[] array = new Header[nettyHeaders.size()];
    int n = 0;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = nettyHeaders.iteratorCharSequence();
    while (it.hasNext() && n < array.length) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      array[n++] = new Header(e.getKey().toString(), e.getValue().toString());
    }
    // an immutable list already: Headers keeps it as it is instead of copying it again
    return new Headers(List.of(n == array.length ? array : java.util.Arrays.copyOf(array, n)));
  }
}
