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
 * The pipeline of a client connection: a gate that hands the decoder one socket buffer per read,
 * timeouts on raw bytes, the HTTP/1.1 codec with the configured limits, flow control (one message
 * per read), the frontend. Connections beyond the limit are closed as they arrive.
 */
final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_CHUNK = 64 * 1024;

  /** The largest buffer one socket read fills (the receive allocator's maximum). */
  static final int MAX_READ_BYTES = 64 * 1024;

  /**
   * The shortest request the decoder accepts: {@code "X / HTTP/1.0\r\n\r\n"} (bare LF is refused).
   */
  static final int MIN_REQUEST_BYTES = 16;

  /**
   * How many requests the codec may hold decoded but not answered. Netty's default (128) closes a
   * client that pipelines more than fit in one read. The gate gives the decoder one buffer only
   * once every request decoded before was taken by the frontend, and the frontend takes the next
   * only after answering the one before; so besides one buffer's worth of the shortest requests
   * there is at most the request being answered and the one a held-back partial head completes. The
   * memory it bounds is the decoded requests of one buffer per connection.
   */
  static final int MAX_PIPELINE_DEPTH = MAX_READ_BYTES / MIN_REQUEST_BYTES + 4;

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
    p.addLast("gate", new ReadGate());
    p.addLast("timeouts", new ClientTimeouts(fwd.settings));
    p.addLast("http", new HttpServerCodec(decoder, MAX_PIPELINE_DEPTH));
    p.addLast("flow", new FlowControlHandler());
    p.addLast("frontend", new FrontendHandler(fwd));
  }
}
