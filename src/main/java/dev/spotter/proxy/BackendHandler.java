package dev.spotter.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection to the primary: passes what the primary sends to the exchange
 * the connection is lent to. A pooled connection that receives anything while idle is closed, as
 * its framing can no longer be trusted. Event loop only, which it shares with the client.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private ForwardedExchange exchange; // the loop owns it: no need for volatile

  void bind(ForwardedExchange e) {
    exchange = e;
  }

  void unbind() {
    exchange = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ForwardedExchange e = exchange;
    if (e == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    e.upstreamRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ForwardedExchange e = exchange;
    if (e != null) {
      e.upstreamReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ForwardedExchange e = exchange;
    if (e != null) {
      exchange = null;
      e.upstreamFailed(
          new FailureClassifier.PrematureClose(
              "the primary closed the connection before its answer was complete"),
          false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ForwardedExchange e = exchange;
    exchange = null;
    if (e != null) {
      e.upstreamFailed(cause, false);
    }
    ctx.close();
  }
}
