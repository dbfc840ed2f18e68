package dev.spotter.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps clients from holding a connection without progress: an idle keep-alive connection is closed
 * after the idle timeout; a request head that started arriving must be complete within the header
 * timeout (the slowloris defence); a request body may not pause longer than the body timeout; and a
 * client that stops reading its answer (the connection stays unwritable) is closed after the send
 * timeout. Sits before the HTTP decoder so it sees raw bytes arrive. While the primary is being
 * waited for, the client is not timed.
 *
 * <p>One periodic check per connection compares the clock with the current deadline, so a request
 * costs a few field writes rather than a timer of its own. Every field belongs to the channel's
 * event loop.
 */
final class ClientTimeouts extends ChannelInboundHandlerAdapter {
  /** Told when a deadline passes; called on the event loop. */
  interface Listener {
    void idleTimedOut();

    void headTimedOut();

    void bodyTimedOut();

    void sendTimedOut();
  }

  private enum Phase {
    /** Between requests, no byte of the next one yet. */
    IDLE,
    /** Some bytes of a request head arrived. */
    HEAD,
    /** Reading a request body. */
    BODY,
    /** The request is in; the primary is answering. */
    WAITING
  }

  private static final long MAX_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final long idleNanos;
  private final long headNanos;
  private final long bodyNanos;
  private final long sendNanos;
  private final long checkNanos;
  private Listener listener;
  private Phase phase = Phase.IDLE;
  private long since; // when the phase began, or the body's last read
  private long unwritableSince; // 0 while the client takes what is written to it
  private ScheduledFuture<?> check;

  ClientTimeouts(ProxySettings settings) {
    this.idleNanos = settings.idleTimeout().toNanos();
    this.headNanos = settings.headerTimeout().toNanos();
    this.bodyNanos = settings.bodyReadTimeout().toNanos();
    this.sendNanos = settings.sendTimeout().toNanos();
    long shortest = Math.min(Math.min(idleNanos, sendNanos), Math.min(headNanos, bodyNanos));
    this.checkNanos = Math.max(MIN_CHECK_NANOS, Math.min(MAX_CHECK_NANOS, shortest / 4));
  }

  void listener(Listener l) {
    this.listener = l;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    since = System.nanoTime();
    check =
        ctx.executor()
            .scheduleAtFixedRate(() -> check(ctx), checkNanos, checkNanos, TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (phase == Phase.IDLE) {
      phase = Phase.HEAD;
      since = System.nanoTime();
    } else if (phase == Phase.BODY) {
      since = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    unwritableSince = ctx.channel().isWritable() ? 0 : Math.max(1, System.nanoTime());
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  /** The previous exchange is over; the next request may take its time to begin. */
  void awaitingHead() {
    phase = Phase.IDLE;
    since = System.nanoTime();
  }

  /** A request head is in and its body is being read. */
  void readingBody() {
    phase = Phase.BODY;
    since = System.nanoTime();
  }

  /** The whole request is in. */
  void awaitingResponse() {
    phase = Phase.WAITING;
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive() || listener == null) {
      return;
    }
    long now = System.nanoTime();
    if (unwritableSince != 0 && now - unwritableSince >= sendNanos) {
      unwritableSince = 0; // report once
      listener.sendTimedOut();
      return;
    }
    long waited = now - since;
    switch (phase) {
      case IDLE -> {
        if (waited >= idleNanos) {
          phase = Phase.WAITING; // report once
          listener.idleTimedOut();
        }
      }
      case HEAD -> {
        if (waited >= headNanos) {
          phase = Phase.WAITING;
          listener.headTimedOut();
        }
      }
      case BODY -> {
        if (waited >= bodyNanos) {
          phase = Phase.WAITING;
          listener.bodyTimedOut();
        }
      }
      case WAITING -> {}
    }
  }

  private void stop() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }
}
