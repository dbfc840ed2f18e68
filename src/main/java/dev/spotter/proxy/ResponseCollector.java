package dev.spotter.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection: collects the one response the current request expects
 * (headers, then body up to the cap) and settles the request's {@link Attempt}. Interim 1xx
 * responses are skipped. Every message is released here.
 */
final class ResponseCollector extends ChannelInboundHandlerAdapter {
  private final long maxBodyBytes;

  // None of these need to be volatile: the channel's event loop is the only thread touching them.
  private Attempt current;
  private HttpResponse head;
  private BodyAccumulator body;
  private boolean responseStarted;
  private boolean interim;

  ResponseCollector(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Makes this connection's next response the answer to {@code attempt}. Event loop only. */
  void begin(Attempt attempt) {
    current = attempt;
    head = null;
    body = null;
    responseStarted = false;
    interim = false;
  }

  /** Fails {@code attempt} if it is still the one waiting here (the write failed). */
  void abandon(Attempt attempt, Throwable cause) {
    if (current == attempt) {
      current = null;
      attempt.fail(cause, responseStarted);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      read(ctx, msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(ChannelHandlerContext ctx, Object msg) {
    Attempt attempt = current;
    if (attempt == null) {
      // Bytes nobody asked for: the connection's framing can no longer be trusted.
      ctx.close();
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      current = null;
      attempt.fail(new FailureClassifier.ProtocolViolation(o.decoderResult().cause()), true);
      return;
    }
    if (msg instanceof HttpResponse response) {
      responseStarted = true;
      int code = response.status().code();
      interim = code >= 100 && code < 200 && code != 101;
      if (!interim) {
        head = response;
        body = new BodyAccumulator(maxBodyBytes, HttpUtil.getContentLength(response, -1L));
      }
    }
    if (msg instanceof HttpContent content) {
      if (!interim && body != null) {
        body.append(content.content());
      }
      if (msg instanceof LastHttpContent) {
        if (interim) {
          interim = false;
        } else if (head != null) {
          complete(attempt);
        }
      }
    }
  }

  private void complete(Attempt attempt) {
    HttpResponse response = head;
    BodyAccumulator collected = body;
    current = null;
    head = null;
    body = null;
    // After 101 the connection speaks another protocol; after Connection: close it is done.
    boolean keepAlive = HttpUtil.isKeepAlive(response) && response.status().code() != 101;
    attempt.succeed(
        new UpstreamResponse(
            response.status().code(),
            NettyMessages.headers(response.headers()),
            collected.bytes(),
            collected.total(),
            collected.truncated(),
            System.nanoTime() - attempt.writeStartNanos()),
        keepAlive);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Attempt attempt = current;
    if (attempt != null) {
      current = null;
      attempt.fail(
          new FailureClassifier.PrematureClose(
              responseStarted
                  ? "the connection closed before the response was complete"
                  : "the connection closed before any response"),
          responseStarted);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Attempt attempt = current;
    current = null;
    if (attempt != null) {
      attempt.fail(cause, responseStarted);
    }
    ctx.close();
  }
}
