package dev.spotter.shadow;

import dev.spotter.proxy.NettyTestServer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A backend handler that answers every request after a fixed delay, without blocking a thread. */
final class ScheduledAnswer implements NettyTestServer.Handler {
  private final Duration delay;
  volatile NettyTestServer server;

  ScheduledAnswer(Duration delay) {
    this.delay = delay;
  }

  @Override
  public FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpRequest kept = request.retainedDuplicate();
    ctx.executor()
        .schedule(
            () -> {
              try {
                server.answer(ctx, kept, NettyTestServer.ok("slow"));
              } finally {
                kept.release();
              }
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
    return null;
  }
}
