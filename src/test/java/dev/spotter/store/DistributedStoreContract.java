package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Exchange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a store does for recorders and stream consumers that may deliver a batch twice, and for
 * checks split across workers, on every database ({@link SqliteDistributedStoreTest}, {@link
 * PostgresDistributedStoreTest}).
 */
abstract class DistributedStoreContract {

  /** Opens a store on this test's database; every call in one test opens the same database. */
  abstract Store open(Clock clock);

  Store open() {
    return open(Clock.systemUTC());
  }

  static Exchange captured(String captureId, int n) {
    return StoreSamples.order(n).withId(captureId);
  }

  static ReplayResult result(String id, int partition, long offset) {
    return new ReplayResult(id, partition, offset, "w1", "{\"id\":\"" + id + "\"}");
  }

  @Test
  void aCaptureIdDeliveredTwiceIsStoredOnce() {
    try (Store store = open()) {
      assertThat(store.appendCaptured("live", List.of(captured("p1-1", 1), captured("p1-2", 2))))
          .isEqualTo(2);
      assertThat(store.appendCaptured("live", List.of(captured("p1-2", 2), captured("p1-3", 3))))
          .isEqualTo(1);
      assertThat(store.appendCaptured("live", List.of(captured("p1-3", 3), captured("p1-3", 3))))
          .isZero();
      // the same capture id in another corpus is another exchange
      assertThat(store.appendCaptured("other", List.of(captured("p1-1", 1)))).isEqualTo(1);

      assertThat(StoreContract.readAll(store, "live"))
          .extracting(e -> e.request().url())
          .containsExactly(
              "http://orders.local/orders/1?expand=items",
              "http://orders.local/orders/2?expand=items",
              "http://orders.local/orders/3?expand=items");
      assertThat(store.corpus("live").orElseThrow().exchanges()).isEqualTo(3);
    }
  }

  @Test
  void capturedExchangesReadBackWholeInTheOrderTheyCame() {
    List<Exchange> batch =
        List.of(
            StoreSamples.awkward().withId("c-1"),
            StoreSamples.aborted().withId("c-2"),
            captured("c-3", 3));
    try (Store store = open()) {
      assertThat(store.appendCaptured("live", batch)).isEqualTo(3);
      List<Exchange> read = StoreContract.readAll(store, "live");
      for (int i = 0; i < 3; i++) {
        assertThat(read.get(i).withId("")).isEqualTo(batch.get(i).withId(""));
      }
    }
  }

  @Test
  void importedExchangesWithoutCaptureIdsNeverCollide() {
    try (Store store = open()) {
      store.append("mixed", List.of(StoreSamples.order(1), StoreSamples.order(1)));
      store.appendCaptured("mixed", List.of(captured("x", 2)));
      store.append("mixed", List.of(StoreSamples.order(1)));
      assertThat(store.corpus("mixed").orElseThrow().exchanges()).isEqualTo(4);
    }
  }

  @Test
  void aBatchWithoutCaptureIdsIsRefusedWhole() {
    try (Store store = open()) {
      assertThatThrownBy(
              () -> store.appendCaptured("live", List.of(captured("a", 1), captured(" ", 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exchange 1 of a batch captured into corpus 'live'");
      assertThat(store.corpus("live")).isEmpty();
      assertThat(store.appendCaptured("live", List.of())).isZero();
    }
  }

  @Test
  void checkJobsOpenAndCloseOnce() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    Instant closedAt = Instant.parse("2026-12-01T11:00:00Z");
    try (Store store = open(Clock.fixed(closedAt, ZoneOffset.UTC))) {
      StoredCheckJob seven = new StoredCheckJob("7", "open", "kafka://k/t", "{}", t0, t0);
      store.openCheckJob(seven);
      store.openCheckJob(
          new StoredCheckJob("8", "open", "kafka://k/t", "{\"a\":1}", t0.plusSeconds(1), t0));
      assertThat(store.openCheckJobs()).extracting(StoredCheckJob::runId).containsExactly("7", "8");
      assertThat(store.checkJob("7")).contains(seven);
      assertThat(store.checkJob("8").orElseThrow().settingsJson()).isEqualTo("{\"a\":1}");

      assertThat(store.closeCheckJob("7", "finished")).isTrue();
      assertThat(store.closeCheckJob("7", "failed")).isFalse();
      assertThat(store.closeCheckJob("nope", "failed")).isFalse();
      StoredCheckJob closed = store.checkJob("7").orElseThrow();
      assertThat(closed.state()).isEqualTo("finished");
      assertThat(closed.updatedAt()).isEqualTo(closedAt);
      assertThat(closed.createdAt()).isEqualTo(t0);
      assertThat(store.openCheckJobs()).extracting(StoredCheckJob::runId).containsExactly("8");
      assertThat(store.checkJob("nope")).isEmpty();
      assertThatThrownBy(() -> store.closeCheckJob("8", "done"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void answersThatComeAfterTheJobClosedAreDroppedAndItsSettingsForgotten() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    try (Store store = open()) {
      store.openCheckJob(
          new StoredCheckJob(
              "9",
              "open",
              "kafka://k/t",
              "{\"override_headers\":[[\"Authorization\",\"x\"]]}",
              t0,
              t0));
      assertThat(store.saveReplayResults("9", List.of(result("a", 0, 0)), List.of())).isOne();
      assertThat(store.closeCheckJob("9", "finished")).isTrue();
      assertThat(store.deleteReplayResults("9")).isOne();

      // a worker that was slow to notice stores its batch after the coordinator is done
      int late =
          store.saveReplayResults(
              "9", List.of(result("b", 0, 1)), List.of(new PartitionProgress(0, 2)));

      assertThat(late).isZero();
      assertThat(store.replayResultCount("9")).isZero();
      assertThat(store.replayProgress("9")).isEmpty();
      assertThat(store.checkJob("9").orElseThrow().settingsJson())
          .as("a --set-header token is not kept once nobody needs it")
          .doesNotContain("Authorization");
    }
  }

  @Test
  void replayResultsAreStoredOnceAndProgressNeverMovesBack() {
    try (Store store = open()) {
      int added =
          store.saveReplayResults(
              "7",
              List.of(result("a", 0, 0), result("b", 0, 1), result("c", 1, 0)),
              List.of(new PartitionProgress(0, 2), new PartitionProgress(1, 1)));
      assertThat(added).isEqualTo(3);
      // a second worker replays b again and reports an older position for partition 0
      added =
          store.saveReplayResults(
              "7",
              List.of(result("b", 0, 1), result("d", 1, 1)),
              List.of(new PartitionProgress(0, 1), new PartitionProgress(1, 2)));
      assertThat(added).isEqualTo(1);
      assertThat(store.saveReplayResults("7", List.of(), List.of(new PartitionProgress(2, 5))))
          .isZero();
      assertThat(store.replayResultCount("7")).isEqualTo(4);
      assertThat(store.replayProgress("7")).isEqualTo(Map.of(0, 2L, 1, 2L, 2, 5L));
      assertThat(store.replayProgress("other")).isEmpty();
      assertThat(store.replayResultCount("other")).isZero();
    }
  }

  @Test
  void resultsAreHandedOverByPartitionThenOffsetAndDeletedWithTheirProgress() {
    try (Store store = open()) {
      store.saveReplayResults(
          "7",
          List.of(result("x", 1, 5), result("y", 0, 9), result("z", 1, 2), result("w", 0, 3)),
          List.of(new PartitionProgress(0, 10), new PartitionProgress(1, 6)));
      store.saveReplayResults("8", List.of(result("x", 0, 0)), List.of());
      List<ReplayResult> seen = new ArrayList<>();
      store.forEachReplayResult("7", seen::add);
      assertThat(seen).extracting(ReplayResult::exchangeId).containsExactly("w", "y", "z", "x");
      assertThat(seen.get(0)).isEqualTo(result("w", 0, 3));

      assertThat(store.deleteReplayResults("7")).isEqualTo(4);
      assertThat(store.replayResultCount("7")).isZero();
      assertThat(store.replayProgress("7")).isEmpty();
      assertThat(store.replayResultCount("8")).isEqualTo(1);
      assertThat(store.deleteReplayResults("7")).isZero();
    }
  }

  @Test
  void manyResultsStreamInOrderAndAnExceptionOfTheConsumerReachesTheCaller() {
    try (Store store = open()) {
      List<ReplayResult> batch = new ArrayList<>();
      for (int i = 4999; i >= 0; i--) {
        batch.add(result("e" + i, i % 3, i));
      }
      assertThat(store.saveReplayResults("9", batch, List.of())).isEqualTo(5000);
      List<long[]> order = new ArrayList<>();
      store.forEachReplayResult("9", r -> order.add(new long[] {r.partition(), r.offset()}));
      assertThat(order).hasSize(5000);
      for (int i = 1; i < order.size(); i++) {
        long[] a = order.get(i - 1);
        long[] b = order.get(i);
        assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]))
            .as("result %d in order", i)
            .isTrue();
      }
      RuntimeException stop = new IllegalStateException("enough");
      assertThatThrownBy(
              () ->
                  store.forEachReplayResult(
                      "9",
                      r -> {
                        throw stop;
                      }))
          .isSameAs(stop);
      // the reader went back: the store still works
      assertThat(store.replayResultCount("9")).isEqualTo(5000);
    }
  }
}
