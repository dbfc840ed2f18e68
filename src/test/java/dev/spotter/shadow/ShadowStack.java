package dev.spotter.shadow;

import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.proxy.ExchangeObserver;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.proxy.ProxyMetrics;
import dev.spotter.proxy.ProxyServer;
import dev.spotter.proxy.ProxySettings;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.LiveJudgement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A whole shadow on loopback for tests: three real backends (primary, secondary, candidate), the
 * proxy in front of the primary, and the mirror watching it, wired as the command line wires them.
 */
final class ShadowStack implements AutoCloseable {
  final NettyTestServer primary;
  final NettyTestServer secondary;
  final NettyTestServer candidate;
  final ShadowMirror mirror;
  final ProxyServer proxy;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Instant started = Instant.now();
  private boolean closed;

  ShadowStack(
      NettyTestServer.Handler primaryHandler,
      NettyTestServer.Handler secondaryHandler,
      NettyTestServer.Handler candidateHandler,
      UnaryOperator<ShadowSettings> tune) {
    primary = NettyTestServer.start(primaryHandler);
    secondary = NettyTestServer.start(secondaryHandler);
    candidate = NettyTestServer.start(candidateHandler);
    ShadowSettings settings =
        tune.apply(
            ShadowSettings.defaults(
                ForwardTarget.parse(primary.baseUri().toString()),
                ForwardTarget.parse(secondary.baseUri().toString()),
                ForwardTarget.parse(candidate.baseUri().toString())));
    LiveJudgement judgement =
        new LiveJudgement(
            new ResponseDiffer(DiffSettings.defaults()),
            new EndpointGrouper(List.of()),
            new FindingCollector(NoiseSettings.defaults()),
            settings.maxBodyBytes(),
            UnaryOperator.identity(),
            settings.primary().url(),
            settings.secondaryOrPrimary().url(),
            settings.candidate().url());
    mirror =
        new ShadowMirror(
            settings, UpstreamClient.forBackground(settings.clientSettings()), judgement, registry);
    proxy = startProxy(settings.primary(), settings.maxBodyBytes(), mirror);
  }

  ProxyServer startProxy(ForwardTarget target, long cap, ExchangeObserver observer) {
    return ProxyServer.start(
        ProxySettings.defaults(new InetSocketAddress("127.0.0.1", 0), target)
            .withObservedBodyCap(cap),
        observer,
        new ProxyMetrics(registry));
  }

  InetSocketAddress address() {
    return proxy.address();
  }

  /**
   * Stops taking traffic, waits for every mirror to be judged, and asks the mirrors again what is
   * still undecided, as the command does.
   */
  CheckResult finish() {
    if (!closed) {
      closed = true;
      proxy.drain(Duration.ofSeconds(5));
      proxy.close();
      mirror.awaitJudged(Duration.ofSeconds(20));
      mirror.askAgain();
      mirror.close(Duration.ofSeconds(20));
    }
    return mirror.snapshot("", "shadow test", started, Instant.now());
  }

  @Override
  public void close() {
    finish();
    primary.close();
    secondary.close();
    candidate.close();
  }
}
