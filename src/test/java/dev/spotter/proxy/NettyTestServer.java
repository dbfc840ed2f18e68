package dev.spotter.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast HTTP/1.1 server on 127.0.0.1 and a free port, for tests that need many requests or control
 * over connections and TLS. Counts connections and requests in flight.
 */
public final class NettyTestServer implements AutoCloseable {
  /** Answers one request; return null to answer later through {@code ctx} yourself. */
  @FunctionalInterface
  public interface Handler {
    FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception;
  }

  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final boolean tls;

  private NettyTestServer(Handler handler, SslContext sslContext) {
    this.tls = sslContext != null;
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.incrementAndGet();
                    if (sslContext != null) {
                      ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024 * 1024))
                        .addLast(new Dispatch(handler));
                  }
                });
    serverChannel = b.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  public static NettyTestServer start(Handler handler) {
    return new NettyTestServer(handler, null);
  }

  public static NettyTestServer startTls(SslContext serverContext, Handler handler) {
    return new NettyTestServer(handler, serverContext);
  }

  /** A 200 answer with a text body and Content-Length. */
  public static FullHttpResponse ok(String body) {
    return response(200, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static FullHttpResponse response(int status, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }

  /** Writes a response the way {@link Dispatch} does, for handlers that answer later. */
  public void answer(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse r) {
    inFlight.decrementAndGet();
    boolean keepAlive = HttpUtil.isKeepAlive(request) && HttpUtil.isKeepAlive(r);
    if (keepAlive) {
      ctx.writeAndFlush(r);
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Handler handler;

    Dispatch(Handler handler) {
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request)
        throws Exception {
      requests.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      FullHttpResponse r = handler.handle(ctx, request);
      if (r != null) {
        answer(ctx, request, r);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public URI baseUri() {
    return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port());
  }

  public UpstreamTarget target() {
    return UpstreamTarget.of(baseUri());
  }

  public int connections() {
    return connections.get();
  }

  public int requests() {
    return requests.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    if (group.isShuttingDown()) {
      return; // closed already (a test may stop a server halfway and close it again at the end)
    }
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
