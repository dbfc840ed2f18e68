package dev.spotter.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a client connection. Reads one message at a time (auto-read is off and a
 * flow-control handler sits before it), so a pipelined request is only looked at once the answer to
 * the one before it went out, and answers leave in the order the requests came. Malformed requests
 * get their 4xx and the connection closes; the proxy goes on serving every other connection.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter
    implements ClientTimeouts.Listener {
  /** How long unread input is drained before a connection answered early is closed. */
  static final long LINGER_MILLIS = 2000;

  private final Forwarding fwd;
  private ChannelHandlerContext ctx;
  private ClientTimeouts timeouts;
  private ForwardedExchange exchange; // the event loop owns these: no volatile needed
  private boolean closing;
  private boolean readPending; // asked for a message and none came yet
  private boolean inputShut; // the client shut its sending side: no request comes after these
  private boolean lingering; // answered, output shut: what the client still sends is dropped
  private String clientIp;

  FrontendHandler(Forwarding fwd) {
    this.fwd = fwd;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    this.timeouts = context.pipeline().get(ClientTimeouts.class);
    timeouts.listener(this);
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    fwd.metrics.connectionOpened();
    read();
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    fwd.metrics.connectionClosed();
    closing = true;
    ForwardedExchange e = exchange;
    exchange = null;
    if (e != null) {
      e.clientClosed();
    }
    context.fireChannelInactive();
  }

  /**
   * The client shut its sending side. Requests it sent before are answered (the decoder has passed
   * on the last of them by now); when none is in flight and none waits, the connection is closed.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShut = true;
      // Idle, or waiting for a piece that is not queued (a head cut short came as a failure
      // already): nothing more can come. Otherwise the next read finds out.
      if (readPending || exchange == null) {
        nothingMoreCanCome();
      }
    }
    context.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    readPending = false;
    if (lingering) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      onRequest(request);
    } else if (msg instanceof HttpContent content) {
      onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      ReferenceCountUtil.release(request);
      reject(request.decoderResult().cause());
      return;
    }
    if (exchange != null || closing) {
      ReferenceCountUtil.release(request); // cannot happen while reads are one at a time
      return;
    }
    String hostless = hostProblem(request);
    if (hostless != null) {
      ReferenceCountUtil.release(request);
      refuse(ProxyMetrics.Malformed.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, hostless, null);
      lingerThenClose(); // its body, if any, is still coming
      return;
    }
    exchange = new ForwardedExchange(fwd, this, ctx, request);
    exchange.start();
  }

  private void onContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      Throwable cause = content.decoderResult().cause();
      content.release();
      if (cause instanceof PrematureChannelClosureException) {
        return; // the client closed mid-body: channelInactive ends the exchange as client_closed
      }
      if (exchange != null) {
        exchange.clientFailed(
            ProxyMetrics.Malformed.BAD_REQUEST,
            HttpResponseStatus.BAD_REQUEST,
            "the request body is not valid HTTP/1.1 framing");
      } else {
        reject(cause);
      }
      return;
    }
    if (exchange == null) {
      // the end of a request without a body that was answered before it was read (the primary
      // could not be reached), or the rest of one answered early, when the connection is closing
      content.release();
      if (!closing) {
        read();
      }
      return;
    }
    exchange.requestContent(content);
  }

  /** The exchange is over; read the next request or close. */
  void exchangeEnded(boolean keepOpen) {
    ForwardedExchange ended = exchange;
    exchange = null;
    if (keepOpen && !closing && !fwd.draining() && ctx.channel().isActive()) {
      timeouts.awaitingHead();
      read();
    } else if (ended != null && !ended.requestRead() && ctx.channel().isActive()) {
      lingerThenClose();
    } else {
      closeAfterWrites();
    }
  }

  /**
   * Closes a connection whose client may still be sending a body nobody will read (answered early,
   * or refused). Closing at once would make the kernel reset the connection, and a reset can reach
   * the client before the answer it was sent (RFC 9112 section 9.6). So the answer is flushed, the
   * sending side shut, what still comes dropped for a moment, and only then the connection closed.
   */
  private void lingerThenClose() {
    closing = true;
    lingering = true;
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            f -> {
              if (ctx.channel() instanceof DuplexChannel duplex && ctx.channel().isActive()) {
                duplex.shutdownOutput();
              }
              ctx.channel().config().setAutoRead(true);
              ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            });
  }

  /**
   * Answers a request the decoder could not make sense of. A connection that closed in the middle
   * of a head, or one already answered and closing (a slowloris got its 408, and closing cut its
   * head short), is no malformed request: nothing is counted or sent.
   */
  private void reject(Throwable cause) {
    if (closing || cause instanceof PrematureChannelClosureException) {
      return;
    }
    ProxyMetrics.Malformed reason;
    HttpResponseStatus status;
    String why;
    if (cause instanceof TooLongHttpLineException) {
      reason = ProxyMetrics.Malformed.URI_TOO_LONG;
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      why = "the request line is longer than " + fwd.settings.maxInitialLineBytes() + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      reason = ProxyMetrics.Malformed.HEADERS_TOO_LARGE;
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      why = "the request headers are larger than " + fwd.settings.maxHeaderBytes() + " bytes";
    } else {
      reason = ProxyMetrics.Malformed.BAD_REQUEST;
      status = HttpResponseStatus.BAD_REQUEST;
      why = "the request is not valid HTTP/1.1";
    }
    refuse(reason, status, why, cause);
    closeAfterWrites();
  }

  /** Counts, logs and answers a request refused before it reached the primary. */
  private void refuse(
      ProxyMetrics.Malformed reason, HttpResponseStatus status, String why, Throwable cause) {
    fwd.metrics.malformed(reason);
    EventLog.sampled(
        "proxy.malformed_request",
        "reason",
        reason.tag(),
        "client",
        clientIp(),
        "error",
        cause == null ? why : String.valueOf(cause));
    closing = true;
    ctx.write(ErrorResponses.of(ctx.alloc(), status, why, false), ctx.voidPromise());
  }

  /**
   * Why a request's Host is unacceptable, or null: RFC 9112 section 3.2 makes a server answer 400
   * to an HTTP/1.1 request without one and to any request with more than one (which of two hosts is
   * meant cannot be known, and a primary reading the other one than the proxy is a way to smuggle).
   * HTTP/1.0 had no Host, so it may still lack one.
   */
  static String hostProblem(HttpRequest request) {
    // counted without building a list of the values: this runs for every request
    int hosts = 0;
    for (Iterator<String> it = request.headers().valueStringIterator(HttpHeaderNames.HOST);
        it.hasNext();
        it.next()) {
      hosts++;
    }
    if (hosts > 1) {
      return "the request has " + hosts + " Host header fields";
    }
    if (hosts == 0 && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
      return "an HTTP/1.1 request must have a Host header field";
    }
    return null;
  }

  @Override
  public void idleTimedOut() {
    if (exchange == null) {
      closing = true;
      ctx.close();
    }
  }

  @Override
  public void headTimedOut() {
    if (exchange == null) {
      fwd.metrics.malformed(ProxyMetrics.Malformed.HEADER_TIMEOUT);
      EventLog.sampled("proxy.header_timeout", "client", clientIp());
      closing = true;
      ctx.write(
          ErrorResponses.of(
              ctx.alloc(),
              HttpResponseStatus.REQUEST_TIMEOUT,
              "the request head did not arrive within "
                  + fwd.settings.headerTimeout().toMillis()
                  + " ms",
              false),
          ctx.voidPromise());
      closeAfterWrites();
    }
  }

  @Override
  public void bodyTimedOut() {
    if (exchange != null) {
      exchange.clientFailed(
          ProxyMetrics.Malformed.BODY_TIMEOUT,
          HttpResponseStatus.REQUEST_TIMEOUT,
          "the request body stopped arriving for "
              + fwd.settings.bodyReadTimeout().toMillis()
              + " ms");
    }
  }

  @Override
  public void sendTimedOut() {
    fwd.metrics.malformed(ProxyMetrics.Malformed.SEND_TIMEOUT);
    EventLog.sampled(
        "proxy.send_timeout",
        "client",
        clientIp(),
        "after_ms",
        fwd.settings.sendTimeout().toMillis());
    closing = true;
    ctx.close(); // what it did not read cannot be delivered; channelInactive ends the exchange
  }

  /** The server is shutting down: close now when idle, else after the exchange in flight. */
  void drain() {
    closing = true;
    if (exchange == null) {
      ctx.close();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (exchange != null) {
      exchange.clientWritabilityChanged(context.channel().isWritable());
    }
    context.fireChannelWritabilityChanged();
  }

  /**
   * An I/O error is the client's doing (a reset, a broken pipe): the connection closes and
   * channelInactive ends the exchange as client_closed. Anything else is the proxy's own failure (a
   * bug, a limit of the codec, an observer throwing an Error): it is logged and counted as a
   * connection error, the exchange in flight ends as proxy_error, and the connection closes.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (cause instanceof IOException) {
      context.close();
      return;
    }
    if (lingering) {
      // Everything read while lingering is dropped unanswered, and the decoder is not paced then:
      // a client pipelining past its depth during those moments is no failure of the proxy.
      context.close();
      return;
    }
    fwd.metrics.connectionFailed();
    EventLog.sampled(
        "proxy.connection_error",
        "client",
        clientIp(),
        "in_exchange",
        exchange != null,
        "error",
        String.valueOf(cause));
    ForwardedExchange e = exchange;
    exchange = null;
    if (e != null) {
      e.proxyFailed(cause);
    }
    closeAfterWrites();
  }

  /**
   * Asks for the next message. Flow control counts a read as satisfied once a read from the socket
   * completes, even when the bytes did not make a whole message (a head arriving in pieces), so
   * {@link #channelReadComplete} asks again until a message comes.
   */
  void read() {
    readPending = true;
    ctx.read();
    // Queued requests come at once, within the read; after the client shut its sending side,
    // nothing else can come.
    if (inputShut && readPending) {
      nothingMoreCanCome();
    }
  }

  /**
   * A read found nothing queued after the client shut its sending side: with no request in flight
   * the connection is done; with a request whose body is not all read, the client is gone (the
   * decoder passes nothing on for a request cut short by the end of input).
   */
  private void nothingMoreCanCome() {
    if (closing || lingering) {
      return;
    }
    ForwardedExchange e = exchange;
    if (e == null) {
      closeAfterWrites();
    } else if (!e.requestRead()) {
      exchange = null;
      closing = true;
      e.clientClosed();
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    // a request in flight is read to its end even while the server drains
    if (readPending && (exchange != null || !closing)) {
      context.read();
    }
    context.fireChannelReadComplete();
  }

  ClientTimeouts timeouts() {
    return timeouts;
  }

  boolean closing() {
    return closing;
  }

  String clientIp() {
    if (clientIp == null) {
      SocketAddress remote = ctx.channel().remoteAddress();
      clientIp =
          remote instanceof InetSocketAddress inet && inet.getAddress() != null
              ? inet.getAddress().getHostAddress()
              : String.valueOf(remote);
    }
    return clientIp;
  }

  private void closeAfterWrites() {
    closing = true;
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }
}
