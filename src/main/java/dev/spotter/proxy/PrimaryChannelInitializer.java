package dev.spotter.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;

/** The pipeline of a connection to the primary: [TLS], the HTTP/1.1 codec, the backend handler. */
final class PrimaryChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_INITIAL_LINE = 16 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private final UpstreamTarget target;
  private final SslContext tls; // null for plain http
  private final int maxHeaderBytes;

  PrimaryChannelInitializer(UpstreamTarget target, SslContext tls, int maxHeaderBytes) {
    this.target = target;
    this.tls = tls;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc(), target.host(), target.port()));
    }
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(maxHeaderBytes)
            .setMaxChunkSize(MAX_CHUNK);
    p.addLast("http", new HttpClientCodec(decoder, false, false));
    p.addLast("backend", new BackendHandler());
  }
}
