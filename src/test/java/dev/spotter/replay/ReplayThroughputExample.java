package dev.spotter.replay;

import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.proxy.UpstreamClient;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A rough replay throughput figure: three in-process Netty servers answering a small JSON body, and
 * a generated corpus of GETs, replayed three rounds (the first one warms the JIT). Not a test: run
 * its main method from the test class path. Arguments: exchanges (60000), concurrency (16), and
 * {@code fake} to leave the real diff out. The servers share the machine with the engine, so a
 * separate backend (nginx) gives a truer figure.
 */
public final class ReplayThroughputExample {
  private ReplayThroughputExample() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    boolean realDiff = args.length <= 2 || !args[2].equals("fake");
    byte[] json = "{\"id\":7,\"status\":\"shipped\",\"total\":12.5,\"items\":[1,2,3]}".getBytes();
    try (NettyTestServer p =
            NettyTestServer.start((ctx, r) -> NettyTestServer.response(200, json));
        NettyTestServer s = NettyTestServer.start((ctx, r) -> NettyTestServer.response(200, json));
        NettyTestServer c =
            NettyTestServer.start((ctx, r) -> NettyTestServer.response(200, json))) {
      ReplaySettings settings =
          ReplaySettings.of(p.baseUri().toString(), s.baseUri().toString(), c.baseUri().toString())
              .withConcurrency(concurrency);
      try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
        for (int round = 0; round < 3; round++) {
          long start = System.nanoTime();
          CheckResult result =
              new ReplayEngine(
                      settings,
                      client,
                      realDiff
                          ? Comparison.of(
                              new ResponseDiffer(DiffSettings.defaults()),
                              new EndpointGrouper(List.of()),
                              new FindingCollector(NoiseSettings.defaults()))
                          : new FakeComparison(),
                      ReplayProgress.NONE,
                      UnaryOperator.identity(),
                      100)
                  .run(corpus(n), n, "generated");
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "round %d: %d exchanges (%d requests) in %.2f s: %.0f exchanges/s, transport %s, "
                  + "candidate p99 %.2f ms%n",
              round,
              result.summary().compared(),
              3L * n,
              seconds,
              n / seconds,
              client.transport(),
              result.targets().get(2).latency().p99());
        }
      }
    }
  }

  private static Iterator<Exchange> corpus(int n) {
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Exchange next() {
        int k = i++;
        return new Exchange(
            "e" + k,
            new HttpRequestData(
                "GET",
                "/orders/" + k + "?expand=items",
                Headers.of("Accept", "application/json", "User-Agent", "bench"),
                Body.EMPTY),
            null,
            null,
            -1,
            "generated");
      }
    };
  }
}
