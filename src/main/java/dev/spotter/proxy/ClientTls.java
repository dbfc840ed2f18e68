package dev.spotter.proxy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * The TLS context Spotter uses towards https targets: the JDK's TLS with its default trust store
 * and host name verification. Built once, on first use, and shared.
 */
final class ClientTls {
  private ClientTls() {}

  static SslContext defaultContext() {
    return Holder.CONTEXT;
  }

  private static final class Holder {
    static final SslContext CONTEXT = build();

    private static SslContext build() {
      try {
        return SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .endpointIdentificationAlgorithm("HTTPS")
            .build();
      } catch (SSLException e) {
        throw new UpstreamFailure(
            UpstreamFailure.Kind.TLS, "the JDK's TLS could not be set up: " + e.getMessage(), 0, e);
      }
    }
  }
}
