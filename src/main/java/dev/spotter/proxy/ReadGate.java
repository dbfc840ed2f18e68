package dev.spotter.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;

/**
 * Hands the HTTP decoder raw bytes one socket buffer at a time, and only when a read is asked for.
 * The decoder turns everything it is given into requests at once, and the codec refuses more than
 * its pipeline depth of requests not answered yet. Auto-read is off, so a read normally brings one
 * buffer; but the epoll transport keeps reading after the client half-closed (until the socket is
 * empty), and that could bring megabytes of pipelined requests in one go. What comes beyond the
 * first buffer of a read waits here as bytes, which cost far less than the request objects decoded
 * from them, until the decoder asks for more; so decoded requests never exceed one buffer's worth
 * (see {@link ProxyChannelInitializer#MAX_PIPELINE_DEPTH}).
 *
 * <p>Sits first in the pipeline, so the client timeouts see bytes when they are looked at. Every
 * field belongs to the channel's event loop.
 */
final class ReadGate extends ChannelDuplexHandler {
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private boolean socketReadAsked; // a read went to the transport and brought nothing yet
  private boolean passedFromSocket; // a buffer of the transport's current read went on
  private boolean releasing;
  private boolean wanted; // a read came while releasing
  private Object inputShutdown; // the client's half-close, held back until the bytes before it pass

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (ctx.channel().config().isAutoRead()) {
      // the connection is lingering before it closes: nothing is decoded any more, just dropped
      releaseHeld(ctx);
      passedFromSocket = true;
      ctx.fireChannelRead(buf);
    } else if (socketReadAsked && held.isEmpty()) {
      socketReadAsked = false;
      passedFromSocket = true;
      ctx.fireChannelRead(buf);
    } else {
      held.add(buf);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (passedFromSocket) {
      passedFromSocket = false;
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (held.isEmpty()) {
      socketReadAsked = true;
      ctx.read();
      return;
    }
    wanted = true;
    if (releasing) {
      return; // the loop below serves it: no recursion through the decoder's read-again
    }
    releasing = true;
    try {
      while (wanted && !held.isEmpty()) {
        wanted = false;
        ctx.fireChannelRead(held.poll());
        ctx.fireChannelReadComplete();
      }
      if (held.isEmpty() && inputShutdown != null) {
        Object evt = inputShutdown;
        inputShutdown = null;
        ctx.fireUserEventTriggered(evt);
      }
    } finally {
      releasing = false;
    }
  }

  /**
   * The client shut its sending side: the decoder must see every held byte before it hears so, or
   * it would take the requests still held here for one cut short. The event waits for them.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && !held.isEmpty()) {
      inputShutdown = evt;
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    held.forEach(ByteBuf::release);
    held.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    held.forEach(ByteBuf::release);
    held.clear();
  }

  private void releaseHeld(ChannelHandlerContext ctx) {
    while (!held.isEmpty()) {
      ctx.fireChannelRead(held.poll());
    }
  }
}
