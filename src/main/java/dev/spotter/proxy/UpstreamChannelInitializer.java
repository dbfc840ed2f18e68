package dev.spotter.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * The pipeline of a connection to an upstream: [TLS], the HTTP/1.1 codec, then the handler that
 * takes the answers (the replay client's collector, or the proxy's backend handler).
 */
final class UpstreamChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_INITIAL_LINE = 16 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private final UpstreamTarget target;
  private final SslContext tls; // null for plain http
  private final int maxHeaderBytes;
  private final Supplier<ChannelHandler> last;

  /**
   * @param last makes the handler that ends each new connection's pipeline
   */
  UpstreamChannelInitializer(
      UpstreamTarget target, SslContext tls, int maxHeaderBytes, Supplier<ChannelHandler> last) {
    this.target = target;
    this.tls = tls;
    this.maxHeaderBytes = maxHeaderBytes;
    this.last = last;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      // host and port give the engine SNI and the name to verify the certificate against
      p.addLast("tls", tls.newHandler(ch.alloc(), target.host(), target.port()));
    }
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(maxHeaderBytes)
            .setMaxChunkSize(MAX_CHUNK);
    p.addLast("http", new HttpClientCodec(decoder, false, false));
    p.addLast("answers", last.get());
  }
}
