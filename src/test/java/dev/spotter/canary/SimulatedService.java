package dev.spotter.canary;

import dev.spotter.proxy.NettyTestServer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A build of a service for canary tests: answers after a latency drawn around a median (log-normal
 * spread, scheduled, no thread blocked) and fails a chosen share of requests with 500. Seeded, so a
 * test sees the same service every run.
 */
public final class SimulatedService implements AutoCloseable {
  private final NettyTestServer server;
  private final Random random;
  private volatile double medianMs;
  private volatile double spread;
  private volatile double errorShare;

  private SimulatedService(double medianMs, double spread, double errorShare, long seed) {
    this.medianMs = medianMs;
    this.spread = spread;
    this.errorShare = errorShare;
    this.random = new Random(seed);
    this.server = NettyTestServer.start(this::handle);
  }

  /**
   * @param medianMs the median latency
   * @param spread the log-normal sigma of the latency (0.1 is a tight service)
   * @param errorShare the share of requests answered 500
   */
  public static SimulatedService start(
      double medianMs, double spread, double errorShare, long seed) {
    return new SimulatedService(medianMs, spread, errorShare, seed);
  }

  private FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    double latency;
    boolean fail;
    synchronized (random) {
      latency = medianMs * Math.exp(spread * random.nextGaussian());
      fail = random.nextDouble() < errorShare;
    }
    FullHttpResponse response =
        NettyTestServer.response(
            fail ? 500 : 200,
            (fail ? "{\"error\":\"boom\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8));
    response.headers().set("X-Db-Time", String.format(java.util.Locale.ROOT, "%.3f", latency / 2));
    FullHttpRequest kept = request.retainedDuplicate();
    ctx.executor()
        .schedule(
            () -> {
              try {
                server.answer(ctx, kept, response);
              } finally {
                kept.release();
              }
            },
            Math.round(latency * 1000),
            TimeUnit.MICROSECONDS);
    return null;
  }

  public void medianMs(double ms) {
    this.medianMs = ms;
  }

  public void errorShare(double share) {
    this.errorShare = share;
  }

  public void spread(double sigma) {
    this.spread = sigma;
  }

  public URI baseUri() {
    return server.baseUri();
  }

  public String url() {
    return server.baseUri().toString();
  }

  public int requests() {
    return server.requests();
  }

  @Override
  public void close() {
    server.close();
  }
}
