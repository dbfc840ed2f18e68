package dev.spotter.cli;

import dev.spotter.cli.config.DurationValue;
import dev.spotter.cli.config.SizeValue;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.AdminServer;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ListenAddress;
import dev.spotter.proxy.ProxySettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options every live mode shares: where it listens, its admin port, how long it runs, and the
 * limits and timeouts of its proxy. Each falls back to the {@code proxy:} section of spotter.yaml,
 * then to a safe default.
 */
final class ProxyOptions {
  static final String DEFAULT_ADMIN = "127.0.0.1:9901";
  static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "where clients connect; a bare PORT means 127.0.0.1 (default: proxy.listen in"
              + " spotter.yaml)")
  String listen;

  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      description =
          "admin port with /metrics and /health, or 'off' (default " + DEFAULT_ADMIN + ")")
  String admin;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "stop by itself after this long, such as 10m (default: until SIGTERM or Ctrl-C)")
  String duration;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      description = "on stop, how long requests in flight may take to finish (default 30s)")
  String drainTimeout;

  @Option(
      names = "--max-header-size",
      paramLabel = "SIZE",
      description = "largest request header block accepted, larger gets 431 (default 32KiB)")
  String maxHeaderSize;

  @Option(
      names = "--max-request-line",
      paramLabel = "SIZE",
      description = "longest request line accepted, longer gets 414 (default 8KiB)")
  String maxRequestLine;

  @Option(
      names = "--header-timeout",
      paramLabel = "DURATION",
      description = "time a client has to send a request head once begun, then 408 (default 10s)")
  String headerTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      description = "idle keep-alive connections are closed after (default 60s)")
  String idleTimeout;

  @Option(
      names = "--send-timeout",
      paramLabel = "DURATION",
      description = "a client that stops reading its answer this long is closed (default 60s)")
  String sendTimeout;

  @Option(
      names = "--upstream-timeout",
      paramLabel = "DURATION",
      description = "silence from the primary before the client gets 504 (default 60s)")
  String upstreamTimeout;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "client connections open at once, more are refused (default 10000)")
  Integer maxConnections;

  @Option(
      names = "--rewrite-host",
      description = "send the primary its own host and port as Host instead of the client's")
  Boolean rewriteHost;

  @Option(
      names = "--no-forwarded-headers",
      description = "do not add X-Forwarded-For, -Proto and -Host")
  Boolean noForwardedHeaders;

  /**
   * How a live run starts and stops: its admin port (empty when off), how long it runs (empty:
   * until a signal), how long it drains. Parsed before anything starts, so that a typo stops the
   * command at once rather than at the end of a run.
   */
  record Lifecycle(
      Optional<InetSocketAddress> admin, Optional<Duration> duration, Duration drainTimeout) {}

  /**
   * Also refuses an admin port that is taken, before the mode starts anything: two live commands on
   * one machine would otherwise both take the default one.
   */
  Lifecycle lifecycle(Wiring wiring) {
    Optional<InetSocketAddress> admin = adminAddress(wiring);
    admin.ifPresent(AdminServer::checkFree);
    return new Lifecycle(admin, duration(), drainTimeout(wiring));
  }

  /** The proxy's settings in front of {@code primary}, copying bodies up to {@code cap}. */
  ProxySettings settings(Wiring wiring, ForwardTarget primary, long observedCap) {
    SpotterConfig.Proxy p = proxyConfig(wiring);
    ProxySettings s =
        ProxySettings.defaults(listenAddress(wiring), primary).withObservedBodyCap(observedCap);
    int line =
        limit(
            "--max-request-line",
            pick("--max-request-line", maxRequestLine, p.maxRequestLine(), s.maxInitialLineBytes()),
            256);
    int header =
        limit(
            "--max-header-size",
            pick("--max-header-size", maxHeaderSize, p.maxHeaderSize(), s.maxHeaderBytes()),
            1024);
    s = s.withLimits(line, header);
    s =
        s.withClientTimeouts(
            pick("--header-timeout", headerTimeout, p.headerTimeout(), s.headerTimeout()),
            pick("--idle-timeout", idleTimeout, p.idleTimeout(), s.idleTimeout()),
            p.bodyTimeout() != null ? p.bodyTimeout().duration() : s.bodyReadTimeout());
    s = s.withSendTimeout(pick("--send-timeout", sendTimeout, p.sendTimeout(), s.sendTimeout()));
    s =
        s.withUpstreamTimeouts(
            pick("--upstream-timeout", upstreamTimeout, p.upstreamTimeout(), s.upstreamTimeout()),
            p.connectTimeout() != null ? p.connectTimeout().duration() : s.connectTimeout());
    boolean keepHost =
        rewriteHost != null ? !rewriteHost : p.preserveHost() == null || p.preserveHost();
    boolean forwarded =
        noForwardedHeaders != null
            ? !noForwardedHeaders
            : p.forwardedHeaders() == null || p.forwardedHeaders();
    s = s.withHeaderPolicy(keepHost, forwarded);
    int connections =
        maxConnections != null
            ? OptionValues.within("--max-connections", maxConnections, 1, 1_000_000)
            : p.maxConnections() != null ? p.maxConnections() : s.maxConnections();
    return s.withCapacity(connections, s.ioThreads(), s.observedBytesBudget());
  }

  /** A header limit as an int, refused (not wrapped) when outside what the proxy allows. */
  private static int limit(String option, long bytes, int min) {
    if (bytes < min || bytes > ProxySettings.MAX_HEADER_LIMIT) {
      throw OptionValues.usage(
          option,
          "must lie in " + min + ".." + ProxySettings.MAX_HEADER_LIMIT + " bytes, not " + bytes);
    }
    return (int) bytes;
  }

  InetSocketAddress listenAddress(Wiring wiring) {
    if (listen != null) {
      return OptionValues.listen("--listen", listen);
    }
    String configured = proxyConfig(wiring).listen();
    if (configured != null) {
      return ListenAddress.parse(configured);
    }
    throw new SpotterException(
        "usage", "--listen HOST:PORT is needed (or proxy.listen in spotter.yaml)");
  }

  /** Where the admin port listens, or empty when switched off. */
  Optional<InetSocketAddress> adminAddress(Wiring wiring) {
    String text = admin != null ? admin : proxyConfig(wiring).admin();
    if (text == null) {
      text = DEFAULT_ADMIN;
    }
    if (text.trim().equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    return Optional.of(OptionValues.listen("--admin", text));
  }

  Optional<Duration> duration() {
    return duration == null
        ? Optional.empty()
        : Optional.of(OptionValues.duration("--duration", duration));
  }

  Duration drainTimeout(Wiring wiring) {
    return pick("--drain-timeout", drainTimeout, proxyConfig(wiring).drainTimeout(), DEFAULT_DRAIN);
  }

  private static SpotterConfig.Proxy proxyConfig(Wiring wiring) {
    SpotterConfig.Proxy p = wiring.config().proxy();
    return p != null
        ? p
        : new SpotterConfig.Proxy(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static Duration pick(
      String option, String text, DurationValue configured, Duration fallback) {
    if (text != null) {
      return OptionValues.duration(option, text);
    }
    return configured != null ? configured.duration() : fallback;
  }

  private static long pick(String option, String text, SizeValue configured, long fallback) {
    if (text != null) {
      return OptionValues.size(option, text);
    }
    return configured != null ? configured.bytes() : fallback;
  }
}
