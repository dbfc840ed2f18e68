package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.NettyTestServer;
import dev.spotter.proxy.UpstreamClient;
import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A long corpus goes through the engine without the engine holding on to what it has replayed. */
class ReplayEngineStreamingTest {
  private static final int EXCHANGES = 20_000;
  private static final int CONCURRENCY = 16;
  private static final int CHECK_EVERY = 4_000;

  /**
   * Makes exchanges on demand, each with a recorded response the engine has no use for, and watches
   * through weak references how many of those it made are still reachable.
   */
  private static final class GeneratedCorpus implements Iterator<Exchange> {
    private final Set<WeakReference<Exchange>> alive = new HashSet<>();
    private int made;
    private int mostAliveSeen;

    @Override
    public boolean hasNext() {
      return made < EXCHANGES;
    }

    @Override
    public Exchange next() {
      if (made > 0 && made % CHECK_EVERY == 0) {
        mostAliveSeen = Math.max(mostAliveSeen, countAlive());
      }
      // One in four is sent; the others are POSTs the engine must skip, and forget, just as well.
      boolean sent = made % 4 == 0;
      Exchange e =
          new Exchange(
              "e" + made,
              new HttpRequestData(
                  sent ? "GET" : "POST",
                  "/items/" + made,
                  Headers.of("Accept", "*/*"),
                  sent ? Body.EMPTY : Body.of(new byte[4096])),
              new HttpResponseData(200, Headers.EMPTY, Body.of(new byte[4096])),
              null,
              -1,
              "generated");
      made++;
      alive.add(new WeakReference<>(e));
      return e;
    }

    private int countAlive() {
      // The collector clears weak references during the collection itself; the queue would only
      // be filled later by the reference handler thread, so the references are asked directly.
      System.gc();
      alive.removeIf(r -> r.get() == null);
      return alive.size();
    }
  }

  @Test
  void aLongCorpusIsStreamedAndNotRetained() {
    try (NettyTestServer server =
            NettyTestServer.start((ctx, req) -> NettyTestServer.ok("{\"ok\":true}"));
        UpstreamClient client =
            new UpstreamClient(
                ReplaySettings.of(server.baseUri().toString(), null, server.baseUri().toString())
                    .withConcurrency(CONCURRENCY)
                    .clientSettings()
                    .withIoThreads(2))) {
      String url = server.baseUri().toString();
      GeneratedCorpus corpus = new GeneratedCorpus();
      FakeComparison comparison = new CountingOnlyComparison();

      CheckResult result =
          new ReplayEngine(
                  ReplaySettings.of(url, null, url).withConcurrency(CONCURRENCY),
                  client,
                  comparison,
                  ReplayProgress.NONE,
                  UnaryOperator.identity(),
                  100)
              .run(corpus, EXCHANGES, "generated");

      assertThat(result.summary().requests()).isEqualTo(EXCHANGES);
      assertThat(result.summary().compared()).isEqualTo(EXCHANGES / 4);
      assertThat(result.summary().skipped()).isEqualTo(EXCHANGES / 4 * 3);
      assertThat(server.requests()).isEqualTo(3 * EXCHANGES / 4);
      // in flight, queued for comparison, and the one being read: never more than a few dozen
      assertThat(corpus.mostAliveSeen).isLessThanOrEqualTo(2 * CONCURRENCY + 4);
      assertThat(corpus.countAlive()).isZero();
    }
  }

  /** Keeps nothing per exchange, so only the engine could hold exchanges alive. */
  private static final class CountingOnlyComparison extends FakeComparison {
    @Override
    boolean keep(java.util.List<dev.spotter.diff.Difference> candidate) {
      return false;
    }

    @Override
    public java.util.List<dev.spotter.diff.Difference> diff(
        dev.spotter.model.Endpoint endpoint, HttpResponseData primary, HttpResponseData other) {
      return java.util.List.of();
    }

    @Override
    java.util.List<dev.spotter.diff.noise.EndpointReport> report() {
      return java.util.List.of();
    }
  }
}
