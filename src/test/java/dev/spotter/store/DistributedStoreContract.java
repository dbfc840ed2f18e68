package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

  /** When the asks of the tasks {@link #tasks} writes must start by. */
  static final Instant ASK_UNTIL = Instant.parse("2026-12-01T10:02:00.250Z");

  /** {@code n} tasks of one round, numbered from {@code first}, asking twice each. */
  static List<RepeatTask> tasks(long first, int n, int round) {
    List<RepeatTask> tasks = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      tasks.add(RepeatTask.of(id, round, "{\"id\":\"e" + id + "\"}", 2, ASK_UNTIL));
    }
    return tasks;
  }

  static List<RepeatAnswer> answers(long taskId, String worker, int asks) {
    List<RepeatAnswer> answers = new ArrayList<>();
    for (int k = asks; k >= 1; k--) { // in no particular order: the store sorts them
      answers.add(
          new RepeatAnswer("e" + taskId + "~r1." + k, taskId, k, worker, "{\"k\":" + k + "}"));
    }
    return answers;
  }

  static List<Long> ids(List<RepeatTask> tasks) {
    return tasks.stream().map(RepeatTask::taskId).toList();
  }

  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    private volatile Instant now;

    HandClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
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

  @Test
  void repeatTasksAreClaimedInTaskOrderEachByOneWorker() {
    try (Store store = open()) {
      assertThat(store.addRepeatTasks("7", tasks(1, 5, 1))).isEqualTo(5);
      assertThat(store.addRepeatTasks("7", tasks(5, 2, 1))).as("task 5 is there already").isOne();

      List<RepeatTask> first = store.claimRepeatTasks("7", "w1", 2, CLAIM_TIMEOUT);
      assertThat(ids(first)).containsExactly(1L, 2L);
      assertThat(first.get(0).exchangeJson()).isEqualTo("{\"id\":\"e1\"}");
      assertThat(first.get(0).times()).isEqualTo(2);
      assertThat(first.get(0).round()).isOne();
      assertThat(first.get(0).claimedBy()).isEqualTo("w1");
      assertThat(first.get(0).askUntil()).isEqualTo(ASK_UNTIL);
      assertThat(ids(store.claimRepeatTasks("7", "w2", 3, CLAIM_TIMEOUT)))
          .containsExactly(3L, 4L, 5L);
      assertThat(ids(store.claimRepeatTasks("7", "w1", 10, CLAIM_TIMEOUT))).containsExactly(6L);
      assertThat(store.claimRepeatTasks("7", "w2", 10, CLAIM_TIMEOUT)).isEmpty();
      assertThat(store.claimRepeatTasks("other", "w2", 10, CLAIM_TIMEOUT)).isEmpty();

      assertThat(store.repeatProgress("7")).isEqualTo(new RepeatProgress(6, 6, 0));
      assertThat(store.repeatProgress("7").pending()).isEqualTo(6);
      assertThat(store.repeatProgress("other")).isEqualTo(new RepeatProgress(0, 0, 0));
    }
  }

  @Test
  void eachTaskKeepsTheTimeItsAsksMustStartByToTheMicrosecond() {
    Instant round1 = Instant.parse("2026-12-01T10:02:00.123456Z");
    Instant round2 = Instant.parse("1970-01-01T00:00:00.000001Z");
    try (Store store = open()) {
      store.addRepeatTasks(
          "7",
          List.of(
              RepeatTask.of(1, 1, "{\"id\":\"e1\"}", 4, round1),
              // nanoseconds are cut to the microseconds the column holds
              RepeatTask.of(2, 1, "{\"id\":\"e2\"}", 4, round1.plusNanos(789)),
              RepeatTask.of(3, 2, "{\"id\":\"e3\"}", 1, round2)));

      List<RepeatTask> claimed = store.claimRepeatTasks("7", "w1", 10, CLAIM_TIMEOUT);
      assertThat(claimed).extracting(RepeatTask::askUntil).containsExactly(round1, round1, round2);

      // a task whose time ran out before all its asks is completed with the answers it has
      assertThat(store.completeRepeatTask("7", 1, "w1", answers(1, "w1", 1))).isTrue();
      assertThat(store.completeRepeatTask("7", 2, "w1", List.of())).isTrue();
      assertThat(store.repeatProgress("7").done()).isEqualTo(2);
      List<RepeatAnswer> round1Answers = new ArrayList<>();
      store.forEachRepeatAnswer("7", 1, round1Answers::add);
      assertThat(round1Answers).extracting(RepeatAnswer::exchangeId).containsExactly("e1~r1.1");
    }
  }

  @Test
  void workersClaimingAtOnceNeverShareATask() throws Exception {
    int tasks = 60;
    try (Store a = open();
        Store b = open()) {
      a.addRepeatTasks("7", tasks(1, tasks, 1));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> claimed = new ArrayList<>();
      try {
        for (int w = 0; w < 6; w++) {
          Store store = w % 2 == 0 ? a : b; // two processes' pools, three workers each
          String worker = "w" + w;
          claimed.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    while (true) {
                      List<RepeatTask> got = store.claimRepeatTasks("7", worker, 3, CLAIM_TIMEOUT);
                      if (got.isEmpty()) {
                        return mine;
                      }
                      mine.addAll(ids(got));
                    }
                  }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : claimed) {
          all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        Collections.sort(all);
        assertThat(all)
            .as("every task claimed exactly once")
            .hasSize(tasks)
            .doesNotHaveDuplicates();
        assertThat(a.repeatProgress("7").claims()).isEqualTo(tasks);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aClaimNotRenewedIsTakenOverAfterTheTimeoutAndTheFirstCompletionWins() {
    HandClock clock = new HandClock(Instant.parse("2026-12-01T10:00:00Z"));
    try (Store store = open(clock)) {
      store.addRepeatTasks("7", tasks(1, 2, 1));
      assertThat(ids(store.claimRepeatTasks("7", "doomed", 1, CLAIM_TIMEOUT))).containsExactly(1L);
      assertThat(ids(store.claimRepeatTasks("7", "busy", 1, CLAIM_TIMEOUT))).containsExactly(2L);

      clock.advance(Duration.ofSeconds(8));
      assertThat(store.renewRepeatClaims("7", "busy", List.of(2L))).isOne();
      assertThat(store.renewRepeatClaims("7", "someone-else", List.of(1L, 2L))).isZero();
      assertThat(store.claimRepeatTasks("7", "w2", 5, CLAIM_TIMEOUT))
          .as("both claims are younger than the timeout")
          .isEmpty();

      clock.advance(Duration.ofSeconds(3)); // 11 s after the first claims, 3 s after the renewal
      List<RepeatTask> takenOver = store.claimRepeatTasks("7", "w2", 5, CLAIM_TIMEOUT);
      assertThat(ids(takenOver)).as("only the claim nobody renewed").containsExactly(1L);
      assertThat(takenOver.get(0).claimedAt()).isEqualTo(clock.instant());
      assertThat(store.repeatProgress("7")).isEqualTo(new RepeatProgress(2, 3, 0));
      assertThat(store.renewRepeatClaims("7", "doomed", List.of(1L)))
          .as("a claim taken over is not the old holder's to renew")
          .isZero();

      assertThat(store.completeRepeatTask("7", 1, "w2", answers(1, "w2", 2))).isTrue();
      // the first holder was only slow: its answers come second and are dropped
      assertThat(store.completeRepeatTask("7", 1, "doomed", answers(1, "doomed", 2))).isFalse();
      assertThat(store.renewRepeatClaims("7", "w2", List.of(1L))).as("done").isZero();
      assertThat(store.repeatProgress("7")).isEqualTo(new RepeatProgress(2, 3, 1));

      List<RepeatAnswer> stored = new ArrayList<>();
      store.forEachRepeatAnswer("7", 1, stored::add);
      assertThat(stored).extracting(RepeatAnswer::worker).containsOnly("w2").hasSize(2);
    }
  }

  @Test
  void answersAreStoredWithTheirTaskAndReadBackRoundByRoundInTaskAndAskOrder() {
    try (Store store = open()) {
      store.addRepeatTasks("7", tasks(1, 2, 1));
      store.addRepeatTasks("7", tasks(3, 1, 2));
      store.addRepeatTasks("8", tasks(1, 1, 1));
      store.claimRepeatTasks("7", "w1", 10, CLAIM_TIMEOUT);
      assertThat(store.completeRepeatTask("7", 3, "w1", answers(3, "w1", 4))).isTrue();
      assertThat(store.completeRepeatTask("7", 2, "w2", answers(2, "w2", 3))).isTrue();
      assertThat(store.completeRepeatTask("7", 1, "w1", answers(1, "w1", 2))).isTrue();
      assertThat(store.completeRepeatTask("8", 1, "w1", answers(1, "w1", 2))).isTrue();
      assertThatThrownBy(() -> store.completeRepeatTask("8", 2, "w1", answers(1, "w1", 1)))
          .isInstanceOf(IllegalArgumentException.class);

      List<RepeatAnswer> round1 = new ArrayList<>();
      store.forEachRepeatAnswer("7", 1, round1::add);
      assertThat(round1)
          .extracting(RepeatAnswer::exchangeId)
          .containsExactly("e1~r1.1", "e1~r1.2", "e2~r1.1", "e2~r1.2", "e2~r1.3");
      assertThat(round1.get(2)).isEqualTo(new RepeatAnswer("e2~r1.1", 2, 1, "w2", "{\"k\":1}"));
      List<RepeatAnswer> round2 = new ArrayList<>();
      store.forEachRepeatAnswer("7", 2, round2::add);
      assertThat(round2).extracting(RepeatAnswer::ask).containsExactly(1, 2, 3, 4);
      assertThat(store.repeatProgress("7")).isEqualTo(new RepeatProgress(3, 3, 3));

      assertThat(store.deleteReplayResults("7")).as("the nine answers").isEqualTo(9);
      assertThat(store.repeatProgress("7")).isEqualTo(new RepeatProgress(0, 0, 0));
      List<RepeatAnswer> gone = new ArrayList<>();
      store.forEachRepeatAnswer("7", 1, gone::add);
      assertThat(gone).isEmpty();
      assertThat(store.repeatProgress("8").done()).as("another run's tasks stay").isOne();
    }
  }

  @Test
  void withdrawingTakesBackOnlyTheTasksNobodyHolds() {
    HandClock clock = new HandClock(Instant.parse("2026-12-01T10:00:00Z"));
    try (Store store = open(clock)) {
      store.addRepeatTasks("7", tasks(1, 4, 1));
      store.claimRepeatTasks("7", "dead", 1, CLAIM_TIMEOUT); // 1, never renewed
      clock.advance(Duration.ofSeconds(20));
      store.claimRepeatTasks("7", "w1", 2, CLAIM_TIMEOUT); // 1 taken over, and 2
      store.completeRepeatTask("7", 1, "w1", answers(1, "w1", 2));
      // 2 is held by w1, 3 and 4 nobody holds
      assertThat(store.withdrawRepeatTasks("7", CLAIM_TIMEOUT)).isEqualTo(2);
      assertThat(store.repeatProgress("7")).isEqualTo(new RepeatProgress(2, 3, 1));
      assertThat(store.claimRepeatTasks("7", "w2", 5, CLAIM_TIMEOUT)).isEmpty();
    }
  }

  @Test
  void repeatTasksOfAClosedJobAreNeitherWrittenNorClaimedNorCompleted() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    try (Store store = open()) {
      store.openCheckJob(new StoredCheckJob("9", "open", "kafka://k/t", "{}", t0, t0));
      assertThat(store.addRepeatTasks("9", tasks(1, 2, 1))).isEqualTo(2);
      assertThat(ids(store.claimRepeatTasks("9", "w1", 1, CLAIM_TIMEOUT))).containsExactly(1L);
      assertThat(store.closeCheckJob("9", "failed")).isTrue();

      assertThat(store.claimRepeatTasks("9", "w1", 1, CLAIM_TIMEOUT)).isEmpty();
      assertThat(store.completeRepeatTask("9", 1, "w1", answers(1, "w1", 2))).isFalse();
      assertThat(store.addRepeatTasks("9", tasks(3, 1, 2))).isZero();
      assertThat(store.repeatProgress("9")).isEqualTo(new RepeatProgress(2, 1, 0));
      store.deleteReplayResults("9");
      assertThat(store.repeatProgress("9").tasks()).isZero();
    }
  }

  @Test
  void theCoordinatorsHeartbeatMovesTheTimeOfAnOpenJobOnly() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    HandClock clock = new HandClock(t0.plusSeconds(30));
    try (Store store = open(clock)) {
      store.openCheckJob(new StoredCheckJob("9", "open", "kafka://k/t", "{}", t0, t0));
      assertThat(store.touchCheckJob("9")).isTrue();
      assertThat(store.checkJob("9").orElseThrow().updatedAt()).isEqualTo(t0.plusSeconds(30));
      assertThat(store.checkJob("9").orElseThrow().createdAt()).isEqualTo(t0);
      assertThat(store.touchCheckJob("nope")).isFalse();
      store.closeCheckJob("9", "finished");
      clock.advance(Duration.ofSeconds(5));
      assertThat(store.touchCheckJob("9")).isFalse();
      assertThat(store.checkJob("9").orElseThrow().updatedAt()).isEqualTo(t0.plusSeconds(30));
    }
  }
}
