package dev.spotter.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline of a client connection: timeouts on raw bytes, the HTTP/1.1 codec with the
 * configured limits, flow control (one message per read), the frontend. Connections beyond the
 * limit are closed as they arrive.
 */
final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_CHUNK = 64 * 1024;

  private final Forwarding fwd;
  private final ChannelGroup clients;
  private final AtomicInteger open = new AtomicInteger();

  ProxyChannelInitializer(Forwarding fwd, ChannelGroup clients) {
    this.fwd = fwd;
    this.clients = clients;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (open.incrementAndGet() > fwd.settings.maxConnections() || fwd.draining()) {
      open.decrementAndGet();
      fwd.metrics.connectionRejected();
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    clients.add(ch);
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(fwd.settings.maxInitialLineBytes())
            .setMaxHeaderSize(fwd.settings.maxHeaderBytes())
            .setMaxChunkSize(MAX_CHUNK);
    ChannelPipeline p = ch.pipeline();
    p.addLast("timeouts", new ClientTimeouts(fwd.settings));
    p.addLast("http", new HttpServerCodec(decoder));
    p.addLast("flow", new FlowControlHandler());
    p.addLast("frontend", new FrontendHandler(fwd));
  }
}
