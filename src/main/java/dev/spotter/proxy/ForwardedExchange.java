package dev.spotter.proxy;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client request on its way to the primary and back: the head rewritten and written, the body
 * streamed as it arrives (the next piece is read from the client only when the last one was
 * written), the answer streamed to the client (the primary is read only while the client keeps up),
 * bodies copied for the observer when it asked. A failure before the answer starts gives the client
 * 502 or 504; after it started, the client's connection is closed, as any proxy must. A request
 * without a body that meets a keep-alive connection the primary had closed is sent once more on a
 * new one. Everything runs on the client's event loop, which the connection to the primary shares.
 */
final class ForwardedExchange {
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  private final Forwarding fwd;
  private final FrontendHandler frontend;
  private final ChannelHandlerContext client;
  private final HttpRequest request; // rewritten in place: what the primary is sent
  private final String method;
  private final boolean headRequest;
  private final HttpVersion clientVersion;
  private final boolean clientKeepAlive;
  private final long startNanos = System.nanoTime();
  private boolean hasBody;
  private ExchangeCopy copy;
  private int route; // which upstream serves it: 0 for the primary
  private long tag; // what the routing policy attached to it
  private String clientUri; // the request target and Host as the client sent them, for a retarget
  private String clientHost;
  private int status;
  private List<String> capturedHeaders = List.of();
  private boolean everAttached;
  private boolean rerouted; // came to the primary because the chosen route could not be reached

  private Channel upstream;
  private BackendHandler backend;
  private boolean upstreamReused;
  private boolean retried;
  private boolean requestRead; // the client's whole request is in
  private boolean requestSent; // ... and written to the primary
  private boolean responseStarted; // the final response head went to the client
  private boolean interim; // inside a 1xx answer, whose end is not the end
  private boolean upstreamKeepAlive;
  private boolean clientKeepsConnection;
  private boolean finished;
  private long lastUpstreamActivity;
  private ScheduledFuture<?> upstreamTimer;

  ForwardedExchange(
      Forwarding fwd, FrontendHandler frontend, ChannelHandlerContext client, HttpRequest request) {
    this.fwd = fwd;
    this.frontend = frontend;
    this.client = client;
    this.request = request;
    this.method = request.method().name();
    this.headRequest = HttpMethod.HEAD.equals(request.method());
    this.clientVersion = request.protocolVersion();
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
  }

  void start() {
    fwd.metrics.exchangeStarted();
    String uri = request.uri();
    if (fwd.routed()) {
      clientUri = uri; // kept only where a request may be sent elsewhere and come back
      clientHost =
          RequestRewriter.effectiveHost(request.uri(), request.headers().get(HttpHeaderNames.HOST));
      NettyRequestHead head = new NettyRequestHead(request, frontend.clientIp());
      route = fwd.route(head);
      tag = head.tag();
    }
    boolean observed = fwd.observe(method, uri);
    Headers original =
        observed ? HopByHopHeaders.strip(NettyMessages.headers(request.headers())) : null;
    hasBody =
        RequestRewriter.rewrite(request, fwd.settings, fwd.target(route), frontend.clientIp());
    if (observed) {
      copy =
          new ExchangeCopy(
              fwd.nextSequence(),
              frontend.clientIp(),
              method,
              uri,
              original,
              withoutFraming(NettyMessages.headers(request.headers())),
              request.uri(),
              HttpUtil.getContentLength(request, -1L),
              fwd.settings.observedBodyCap(),
              fwd.observedBytes);
    }
    frontend.timeouts().readingBody();
    connect(false);
  }

  private void connect(boolean fresh) {
    LoopConnections pool = fwd.upstream(route);
    Channel idle = fresh ? null : pool.pollIdle();
    if (idle != null) {
      attach(idle, true);
      return;
    }
    ChannelFuture connecting;
    try {
      connecting = pool.connect(client.channel().eventLoop());
    } catch (RuntimeException e) {
      connectFailed(e);
      return;
    }
    connecting.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            connectFailed(f.cause());
          } else if (finished) {
            pool.release(f.channel()); // the client left meanwhile; the connection is good
          } else {
            attach(f.channel(), false);
          }
        });
  }

  /**
   * No connection to the chosen upstream. Nothing of the request was sent or read yet, so a request
   * routed away from the primary goes to the primary instead: the client must not pay for a canary
   * that is down. The routing policy hears of the failure either way.
   */
  private void connectFailed(Throwable cause) {
    if (finished) {
      return;
    }
    // a request that was retried after a stale keep-alive connection has no body and is
    // idempotent: it may still go to the primary when the fresh connection fails too
    if (route == 0 || responseStarted || (everAttached && !retried)) {
      upstreamFailed(cause, false);
      return;
    }
    fwd.ended(
        new RoutedOutcome(
            route,
            tag,
            rerouted,
            RoutedOutcome.Ending.CONNECT_FAILED,
            0,
            System.nanoTime() - startNanos,
            List.of()));
    EventLog.sampled(
        "proxy.route_unreachable",
        "route",
        route,
        "target",
        fwd.target(route).url(),
        "error",
        String.valueOf(cause));
    route = 0;
    rerouted = true;
    RequestRewriter.retarget(request, fwd.settings, fwd.target(0), clientHost, clientUri);
    connect(false);
  }

  private void attach(Channel ch, boolean reused) {
    everAttached = true;
    upstream = ch;
    upstreamReused = reused;
    backend = ch.pipeline().get(BackendHandler.class);
    backend.bind(this);
    ch.config().setAutoRead(client.channel().isWritable());
    lastUpstreamActivity = System.nanoTime();
    armUpstreamTimer();
    ch.write(request, ch.voidPromise());
    if (requestRead) {
      // sent again after a stale keep-alive connection: the request had no body
      ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
      requestSent = true;
      return;
    }
    readClient();
    if (upstream == ch && !requestSent) {
      ch.flush(); // the body is slow to come, or waits for 100 Continue: the head goes now
    }
  }

  /** Whether the client's whole request was read. */
  boolean requestRead() {
    return requestRead;
  }

  /** One more piece of the request body (or its end) from the client. */
  void requestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestRead = true;
    }
    Channel ch = upstream;
    if (finished || ch == null) {
      content.release(); // answered or failed already; the connection closes after
      return;
    }
    if (copy != null) {
      copy.requestBytes(content.content());
    }
    if (last) {
      frontend.timeouts().awaitingResponse();
      ch.writeAndFlush(content, ch.voidPromise());
      requestSent = true;
      lastUpstreamActivity = System.nanoTime();
      return;
    }
    // the client is not read until the primary took this piece: its body timer waits meanwhile
    frontend.timeouts().awaitingResponse();
    ch.writeAndFlush(content)
        .addListener(
            f -> {
              if (upstream != ch || finished) {
                return;
              }
              if (f.isSuccess()) {
                lastUpstreamActivity = System.nanoTime();
                readClient();
              } else {
                upstreamFailed(f.cause(), false);
              }
            });
  }

  private void readClient() {
    frontend.timeouts().readingBody();
    frontend.read();
  }

  /** What the primary sent: a response head or a piece of its body. */
  void upstreamRead(Object msg) {
    lastUpstreamActivity = System.nanoTime();
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof io.netty.handler.codec.http.HttpObject o && o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      upstreamFailed(new FailureClassifier.ProtocolViolation(o.decoderResult().cause()), false);
      return;
    }
    if (msg instanceof HttpResponse response && !responseHead(response)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpContent content) {
      responseContent(content);
    }
  }

  /** Returns false when the head was refused and the exchange failed. */
  private boolean responseHead(HttpResponse response) {
    int code = response.status().code();
    if (code == 101) {
      upstreamFailed(
          new FailureClassifier.ProtocolViolation(
              new IllegalStateException("the primary switched protocols, which is not proxied")),
          false);
      return false;
    }
    if (code >= 100 && code < 200) {
      interim = true;
      if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
        return true; // an HTTP/1.0 client knows no interim answers (RFC 9110 section 15.2)
      }
      HopByHopHeaders.stripInPlace(response.headers());
      client.writeAndFlush(
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              response.status(),
              Unpooled.EMPTY_BUFFER,
              response.headers(),
              EmptyHttpHeaders.INSTANCE),
          client.voidPromise());
      return true;
    }
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    status = code;
    if (fwd.routed()) {
      capturedHeaders = fwd.captured(response.headers());
    }
    ResponseRewriter.strip(response);
    if (copy != null) {
      copy.responseHead(
          code,
          NettyMessages.headers(response.headers()),
          HttpUtil.getContentLength(response, -1L));
    }
    // a client still sending its body when the answer comes cannot keep the connection
    boolean keep = clientKeepAlive && requestRead && !frontend.closing() && !fwd.draining();
    clientKeepsConnection =
        ResponseRewriter.frame(
            response, ResponseRewriter.bodiless(headRequest, code), clientVersion, keep);
    responseStarted = true;
    client.write(response, client.voidPromise());
    return true;
  }

  private void responseContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (interim) {
      content.release();
      if (last) {
        interim = false;
      }
      return;
    }
    if (!responseStarted) {
      content.release();
      return;
    }
    if (copy != null) {
      copy.responseBytes(content.content());
    }
    client.write(content, client.voidPromise());
    if (last) {
      responseComplete();
    } else if (!client.channel().isWritable()) {
      upstream.config().setAutoRead(false); // read the primary again once the client caught up
    }
  }

  void upstreamReadComplete() {
    client.flush();
  }

  void clientWritabilityChanged(boolean writable) {
    if (upstream != null && !finished) {
      upstream.config().setAutoRead(writable);
    }
  }

  private void responseComplete() {
    finished = true;
    cancelUpstreamTimer();
    long latency = System.nanoTime() - startNanos;
    fwd.metrics.primaryAnswered(latency);
    fwd.metrics.ended(ProxyMetrics.Outcome.ANSWERED);
    fwd.metrics.exchangeEnded();
    fwd.ended(
        new RoutedOutcome(
            route, tag, rerouted, RoutedOutcome.Ending.ANSWERED, status, latency, capturedHeaders));
    releaseUpstream(upstreamKeepAlive && requestSent);
    client.flush();
    if (copy != null) {
      fwd.completed(copy.finish(latency));
    }
    frontend.exchangeEnded(clientKeepsConnection && requestRead);
  }

  /**
   * The connection to the primary failed or the primary stayed silent too long. Called for the
   * connection currently attached, or for a connect that did not succeed.
   */
  void upstreamFailed(Throwable cause, boolean timedOut) {
    if (finished) {
      return;
    }
    boolean retry = !timedOut && canRetry(cause);
    releaseUpstream(false);
    if (retry) {
      retried = true;
      connect(true);
      return;
    }
    abandon();
    long elapsed = System.nanoTime() - startNanos;
    UpstreamFailure failure =
        FailureClassifier.classify(cause, fwd.target(route).upstream(), elapsed);
    fwd.ended(
        new RoutedOutcome(
            route,
            tag,
            rerouted,
            endingOf(failure, timedOut),
            responseStarted ? 0 : timedOut ? 504 : 502,
            elapsed,
            List.of()));
    if (responseStarted) {
      fwd.metrics.ended(ProxyMetrics.Outcome.ABORTED);
      EventLog.sampled(
          "proxy.primary_aborted",
          "method",
          method,
          "path",
          EventLog.pathOnly(request.uri()),
          "error",
          failure);
      frontend.exchangeEnded(false);
      return;
    }
    ProxyMetrics.Outcome outcome =
        timedOut ? ProxyMetrics.Outcome.GATEWAY_TIMEOUT : ProxyMetrics.Outcome.BAD_GATEWAY;
    fwd.metrics.ended(outcome);
    EventLog.sampled(
        "proxy.primary_failed",
        "outcome",
        outcome.tag(),
        "method",
        method,
        "path",
        EventLog.pathOnly(request.uri()),
        "error",
        failure.getMessage());
    // without a body, the request's end is read (and dropped) as the next message
    boolean keep =
        clientKeepAlive && (requestRead || !hasBody) && !frontend.closing() && !fwd.draining();
    HttpResponseStatus status =
        timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY;
    String why =
        timedOut
            ? "the service behind this proxy did not answer in time"
            : "the service behind this proxy could not be reached ("
                + failure.kind().name().toLowerCase(java.util.Locale.ROOT)
                + ")";
    client.writeAndFlush(
        ErrorResponses.of(client.alloc(), status, why, keep), client.voidPromise());
    frontend.exchangeEnded(keep);
  }

  private RoutedOutcome.Ending endingOf(UpstreamFailure failure, boolean timedOut) {
    if (timedOut) {
      return RoutedOutcome.Ending.TIMEOUT;
    }
    if (!everAttached) {
      return RoutedOutcome.Ending.CONNECT_FAILED;
    }
    return failure.kind() == UpstreamFailure.Kind.TIMEOUT
        ? RoutedOutcome.Ending.TIMEOUT
        : RoutedOutcome.Ending.BROKEN;
  }

  private boolean canRetry(Throwable cause) {
    return upstreamReused
        && !retried
        && !responseStarted
        && !interim
        && !hasBody
        && IDEMPOTENT.contains(method)
        && FailureClassifier.isConnectionLoss(cause);
  }

  /** The client went away: nothing more is sent anywhere. */
  void clientClosed() {
    if (finished) {
      return;
    }
    abandon();
    fwd.metrics.ended(ProxyMetrics.Outcome.CLIENT_CLOSED);
    fwd.ended(
        new RoutedOutcome(
            route,
            tag,
            rerouted,
            RoutedOutcome.Ending.CLIENT_GONE,
            responseStarted ? status : 0,
            System.nanoTime() - startNanos,
            List.of()));
  }

  /** The client broke the request (a malformed body, a body that stopped coming). */
  void clientFailed(ProxyMetrics.Malformed reason, HttpResponseStatus status, String why) {
    if (finished) {
      return;
    }
    abandon();
    fwd.metrics.malformed(reason);
    fwd.ended(
        new RoutedOutcome(
            route,
            tag,
            rerouted,
            RoutedOutcome.Ending.CLIENT_GONE,
            responseStarted ? this.status : 0,
            System.nanoTime() - startNanos,
            List.of()));
    EventLog.sampled(
        "proxy.client_failed", "reason", reason.tag(), "client", frontend.clientIp(), "why", why);
    if (!responseStarted) {
      client.write(ErrorResponses.of(client.alloc(), status, why, false), client.voidPromise());
    }
    frontend.exchangeEnded(false);
  }

  /**
   * The proxy itself failed while serving this exchange (see {@link
   * FrontendHandler#exceptionCaught}): the client gets a 500 marked as the proxy's when no answer
   * began, and the connection closes. Says nothing about the upstream.
   */
  void proxyFailed(Throwable cause) {
    if (finished) {
      return;
    }
    abandon();
    fwd.metrics.ended(ProxyMetrics.Outcome.PROXY_ERROR);
    fwd.ended(
        new RoutedOutcome(
            route,
            tag,
            rerouted,
            RoutedOutcome.Ending.PROXY_ERROR,
            responseStarted ? status : 0,
            System.nanoTime() - startNanos,
            List.of()));
    if (!responseStarted && client.channel().isActive()) {
      client.write(
          ErrorResponses.of(
              client.alloc(),
              HttpResponseStatus.INTERNAL_SERVER_ERROR,
              "the proxy failed: " + cause.getClass().getSimpleName(),
              false),
          client.voidPromise());
    }
  }

  /** Ends the exchange without an answer from it: nothing kept, the primary's connection closed. */
  private void abandon() {
    finished = true;
    cancelUpstreamTimer();
    if (copy != null) {
      copy.discard();
    }
    releaseUpstream(false);
    fwd.metrics.exchangeEnded();
  }

  private void releaseUpstream(boolean reusable) {
    Channel ch = upstream;
    if (ch == null) {
      return;
    }
    upstream = null;
    backend.unbind();
    if (reusable) {
      ch.config().setAutoRead(true);
      fwd.upstream(route).release(ch);
    } else {
      ch.close();
    }
  }

  private void armUpstreamTimer() {
    if (upstreamTimer == null) {
      upstreamTimer =
          client
              .executor()
              .schedule(
                  this::checkUpstreamTimeout,
                  fwd.settings.upstreamTimeout().toNanos(),
                  TimeUnit.NANOSECONDS);
    }
  }

  private void checkUpstreamTimeout() {
    upstreamTimer = null;
    if (finished) {
      return;
    }
    long timeout = fwd.settings.upstreamTimeout().toNanos();
    Channel ch = upstream;
    if (ch != null && !ch.config().isAutoRead()) {
      // not read because the client is slow to take the answer: the primary is not silent, and
      // the client's send timeout covers the wait
      lastUpstreamActivity = System.nanoTime();
    }
    long silent = System.nanoTime() - lastUpstreamActivity;
    if (silent >= timeout) {
      upstreamFailed(
          new UpstreamFailure(
              UpstreamFailure.Kind.TIMEOUT,
              "no answer from "
                  + fwd.target(route).url()
                  + " within "
                  + fwd.settings.upstreamTimeout().toMillis()
                  + " ms",
              silent,
              null),
          true);
    } else {
      upstreamTimer =
          client
              .executor()
              .schedule(this::checkUpstreamTimeout, timeout - silent, TimeUnit.NANOSECONDS);
    }
  }

  private void cancelUpstreamTimer() {
    if (upstreamTimer != null) {
      upstreamTimer.cancel(false);
      upstreamTimer = null;
    }
  }

  /** The headers a mirror should send: its own framing is computed from the body it sends. */
  private static Headers withoutFraming(Headers headers) {
    if (!headers.contains("Content-Length") && !headers.contains("Transfer-Encoding")) {
      return headers; // most requests have no body
    }
    List<Header> kept = new ArrayList<>(headers.entries().size());
    for (Header h : headers.entries()) {
      if (!h.is(HttpHeaderNames.CONTENT_LENGTH.toString())
          && !h.is(HttpHeaderNames.TRANSFER_ENCODING.toString())) {
        kept.add(h);
      }
    }
    return new Headers(kept);
  }
}
