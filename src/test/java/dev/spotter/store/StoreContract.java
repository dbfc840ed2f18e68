package dev.spotter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} does, whatever database holds it: {@link SqliteStoreTest} and {@link
 * PostgresStoreTest} run these tests on a real SQLite file and a real PostgreSQL database.
 */
abstract class StoreContract {

  /** Opens a store on this test's database; every call in one test opens the same database. */
  abstract Store open(Clock clock);

  Store open() {
    return open(Clock.systemUTC());
  }

  /** How the store's messages name this test's database. */
  abstract String where();

  /**
   * Makes the (migrated) database refuse, from now on, to insert an exchange whose URL ends with
   * {@code /boom}, with an error saying "boom refused": a real failure in the middle of a batch.
   */
  abstract void refuseBoomExchanges() throws Exception;

  @Test
  void exchangesReadBackExactlyAsAppendedWithRowIdsAsIds() {
    List<Exchange> appended =
        List.of(StoreSamples.order(1), StoreSamples.awkward(), StoreSamples.aborted());
    try (Store store = open()) {
      List<String> ids = store.append("prod", appended);
      assertThat(ids).hasSize(3);
      assertThat(ids.stream().map(Long::parseLong)).isSorted();

      List<Exchange> read = readAll(store, "prod");
      assertThat(read).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(read.get(i)).isEqualTo(appended.get(i).withId(ids.get(i)));
      }
      // duplicates and order of headers survive, names keep their spelling
      assertThat(read.get(1).request().headers().all("x-trace")).containsExactly("b", "a", "c");
      assertThat(read.get(1).request().headers().entries().get(2).name()).isEqualTo("x-trace");
      assertThat(read.get(1).request().body().bytes()).hasSize(256);
      assertThat(read.get(1).response().body().truncated()).isTrue();
      assertThat(read.get(1).response().body().originalSize()).isEqualTo(5000);
      assertThat(read.get(2).response()).isNull();
      assertThat(read.get(1).startedAt()).isNull();
      assertThat(read.get(1).durationMicros()).isEqualTo(-1);
    }
  }

  @Test
  void dataSurvivesClosingAndReopening() {
    try (Store store = open()) {
      store.append("prod", List.of(StoreSamples.order(1), StoreSamples.order(2)));
    }
    try (Store store = open()) {
      assertThat(readAll(store, "prod"))
          .extracting(e -> e.request().url())
          .containsExactly(
              "http://orders.local/orders/1?expand=items",
              "http://orders.local/orders/2?expand=items");
    }
  }

  @Test
  void appendIsAllOrNothingWhenOneExchangeOfTheBatchFails() throws Exception {
    try (Store store = open()) {
      store.append("prod", List.of(StoreSamples.order(1)));
    }
    refuseBoomExchanges();
    Exchange boom =
        StoreSamples.order(3).withRequest(StoreSamples.order(3).request().withUrl("/boom"));
    try (Store store = open()) {
      assertThatThrownBy(
              () ->
                  store.append("prod", List.of(StoreSamples.order(2), StoreSamples.order(4), boom)))
          .isInstanceOf(SpotterException.class)
          .hasMessageContaining(where())
          .hasMessageContaining("boom refused")
          .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> store.append("fresh", List.of(StoreSamples.order(2), boom)))
          .isInstanceOf(SpotterException.class);
      assertThatThrownBy(
              () -> store.appendCaptured("fresh", List.of(StoreSamples.order(2), boom.withId("b"))))
          .isInstanceOf(SpotterException.class);

      assertThat(readAll(store, "prod")).hasSize(1);
      assertThat(store.corpus("fresh")).isEmpty();
      // and the store goes on working after the failure
      store.append("prod", List.of(StoreSamples.order(5)));
      assertThat(store.corpus("prod").orElseThrow().exchanges()).isEqualTo(2);
    }
  }

  @Test
  void cursorStreamsALargeCorpusAndAppendsGoOnWhileItIsOpen() {
    try (Store store = open()) {
      List<Exchange> batch = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        batch.add(StoreSamples.order(i));
      }
      store.append("big", batch);
      try (ExchangeCursor cursor = store.read("big")) {
        assertThat(cursor.expectedCount()).isEqualTo(3000);
        int seen = 0;
        long lastId = -1;
        while (cursor.hasNext()) {
          Exchange e = cursor.next();
          assertThat(Long.parseLong(e.id())).isGreaterThan(lastId);
          lastId = Long.parseLong(e.id());
          if (seen == 10) {
            // the cursor holds a snapshot; writers are not blocked by it
            store.append("big", List.of(StoreSamples.order(99_999)));
          }
          seen++;
        }
        assertThat(seen).isEqualTo(3000);
        assertThat(cursor.hasNext()).isFalse();
      }
      assertThat(store.corpus("big").orElseThrow().exchanges()).isEqualTo(3001);
    }
  }

  @Test
  void aCursorClosedHalfWayGivesItsConnectionBack() {
    try (Store store = open()) {
      store.append("c", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      for (int i = 0; i < 20; i++) {
        try (ExchangeCursor cursor = store.read("c")) {
          assertThat(cursor.next().request().url()).contains("/orders/1");
        }
      }
      // twenty abandoned cursors later, reads and writes still get a connection at once
      store.append("c", List.of(StoreSamples.order(3)));
      assertThat(readAll(store, "c")).hasSize(3);
    }
  }

  @Test
  void readingAMissingCorpusNamesTheCorporaThereAre() {
    try (Store store = open()) {
      store.append("prod", List.of(StoreSamples.order(1)));
      store.append("staging", List.of(StoreSamples.order(1)));
      assertThatThrownBy(() -> store.read("prdo"))
          .isInstanceOf(SpotterException.class)
          .hasMessage("no corpus named 'prdo' in " + where() + "; it has prod, staging")
          .extracting(e -> ((SpotterException) e).code())
          .isEqualTo("store.no_such_corpus");
    }
  }

  @Test
  void corporaAreListedByNameWithCountsAndTimes() {
    try (Store store = open(ticking(new AtomicLong(1_700_000_000)))) {
      store.append("zeta", List.of(StoreSamples.order(1)));
      store.append("alpha", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      store.append("alpha", List.of(StoreSamples.order(3)));

      assertThat(store.corpora()).extracting(CorpusInfo::name).containsExactly("alpha", "zeta");
      CorpusInfo alpha = store.corpus("alpha").orElseThrow();
      assertThat(alpha.exchanges()).isEqualTo(3);
      assertThat(alpha.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_060));
      assertThat(alpha.updatedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_120));
      assertThat(store.corpus("nope")).isEmpty();
    }
  }

  @Test
  void namesSortByteByByteWhateverTheDatabaseLocale() {
    try (Store store = open()) {
      for (String name : List.of("alpha", "_x", "Zeta", "Émile", "beta")) {
        store.append(name, List.of(StoreSamples.order(1)));
      }
      assertThat(store.corpora())
          .extracting(CorpusInfo::name)
          .containsExactly("Zeta", "_x", "alpha", "beta", "Émile");
    }
  }

  @Test
  void deletingACorpusRemovesItsExchangesOnly() {
    try (Store store = open()) {
      store.append("old", List.of(StoreSamples.order(1), StoreSamples.order(2)));
      store.append("keep", List.of(StoreSamples.order(3)));
      assertThat(store.deleteCorpus("old")).isTrue();
      assertThat(store.deleteCorpus("old")).isFalse();
      assertThat(store.corpora()).extracting(CorpusInfo::name).containsExactly("keep");
      assertThat(readAll(store, "keep")).hasSize(1);
      // ids are never reused, so a report that cites an old id cannot point at a new exchange
      List<String> ids = store.append("old", List.of(StoreSamples.order(4)));
      assertThat(Long.parseLong(ids.get(0))).isGreaterThan(3);
    }
  }

  @Test
  void runsAreSavedAndListedNewestFirstWithoutTheirReports() {
    Instant t0 = Instant.parse("2024-05-02T09:00:00Z");
    try (Store store = open()) {
      String first = store.saveRun(run(t0, "pass", "{\"n\":1}"));
      String second = store.saveRun(run(t0.plusSeconds(600), "fail", "{\"n\":2}"));
      String third = store.saveRun(run(t0.plusSeconds(300), "pass", "{\"n\":3}"));

      assertThat(store.recentRuns(10))
          .extracting(StoredRun::id)
          .containsExactly(second, third, first);
      assertThat(store.recentRuns(10)).allSatisfy(r -> assertThat(r.reportJson()).isNull());
      assertThat(store.recentRuns(2)).hasSize(2);

      StoredRun stored = store.run(second).orElseThrow();
      assertThat(stored.reportJson()).isEqualTo("{\"n\":2}");
      assertThat(stored.verdict()).isEqualTo("fail");
      assertThat(stored.startedAt()).isEqualTo(t0.plusSeconds(600));
      assertThat(stored.finishedAt()).isEqualTo(t0.plusSeconds(660));
      assertThat(stored.requests()).isEqualTo(120);
      assertThat(stored.regressions()).isEqualTo(3);
      assertThat(store.run("424242")).isEmpty();
      assertThat(store.run("not-a-number")).isEmpty();
    }
  }

  @Test
  void aRunStillGoingOnIsUpdatedInPlace() {
    Instant t0 = Instant.parse("2024-05-02T09:00:00Z");
    try (Store store = open()) {
      String id =
          store.saveRun(
              new StoredRun(null, "shadow", "live", t0, null, "incomplete", 10, 0, "{\"n\":0}"));
      assertThat(store.run(id).orElseThrow().finishedAt()).isNull();
      StoredRun done =
          new StoredRun(id, "shadow", "live", t0, t0.plusSeconds(9), "pass", 500, 1, "{\"n\":1}");
      assertThat(store.updateRun(done)).isTrue();
      assertThat(store.run(id)).contains(done);
      assertThat(store.updateRun(new StoredRun("999999", "shadow", "", t0, null, null, 0, 0, null)))
          .isFalse();
      assertThat(store.updateRun(new StoredRun("x", "shadow", "", t0, null, null, 0, 0, null)))
          .isFalse();
    }
  }

  @Test
  void importsAreFoundByCorpusAndHashAndForgottenWithTheirCorpus() {
    Instant at = Instant.parse("2026-11-24T10:00:00.123456Z");
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    try (Store store = open(Clock.fixed(at, ZoneOffset.UTC))) {
      store.append("web", List.of(StoreSamples.order(1)));
      ImportRecord recorded = store.recordImport("web", "traffic.har", hash, 800);

      assertThat(recorded).isEqualTo(new ImportRecord("web", "traffic.har", hash, 800, at));
      assertThat(store.findImport("web", hash)).contains(recorded);
      assertThat(store.findImport("web", hash.replace('9', '8'))).isEmpty();
      assertThat(store.findImport("other", hash)).isEmpty();

      assertThat(store.deleteCorpus("web")).isTrue();
      assertThat(store.findImport("web", hash)).isEmpty();
    }
  }

  @Test
  void theLatestOfSeveralImportsOfTheSameBytesIsFoundAndAnImportCreatesItsCorpus() {
    try (Store store = open(ticking(new AtomicLong(1_700_000_000)))) {
      store.recordImport("fresh", "a.har", "abc", 1);
      store.recordImport("fresh", "copy-of-a.har", "abc", 1);
      assertThat(store.corpus("fresh")).isPresent();
      assertThat(store.findImport("fresh", "abc").orElseThrow().fileName())
          .isEqualTo("copy-of-a.har");
    }
  }

  @Test
  void aNewStoreHasNothingInIt() {
    try (Store store = open()) {
      assertThat(store.corpora()).isEmpty();
      assertThat(store.recentRuns(5)).isEmpty();
      assertThat(store.canaries(5)).isEmpty();
      assertThat(store.incidents()).isEmpty();
      assertThat(store.guards(false)).isEmpty();
      assertThat(store.kudos(5)).isEmpty();
      assertThat(store.openCheckJobs()).isEmpty();
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    Store store = open();
    store.close();
    store.close(); // twice is harmless
    assertThatThrownBy(store::corpora)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the store " + where() + " is closed");
  }

  // ---- canary runs: they survive the process, and an operator's command reaches the run once

  private static StoredCanary canary(String name, String state, int step, Instant at) {
    return new StoredCanary(name, state, step, step * 500, "salt-1", at, at, null, "{\"s\":1}");
  }

  @Test
  void aSavedCanaryRunIsReadBackAfterReopeningAndReplacedByTheNextSave() {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    try (Store store = open()) {
      store.saveCanary(canary("orders", "running", 1, t0));
      store.saveCanary(canary("orders", "paused", 2, t0.plusSeconds(5)));
      store.saveCanary(canary("billing", "promoted", 4, t0.plusSeconds(1)));
    }
    try (Store store = open()) {
      StoredCanary orders = store.canary("orders").orElseThrow();
      assertThat(orders.state()).isEqualTo("paused");
      assertThat(orders.stepIndex()).isEqualTo(2);
      assertThat(orders.canaryBasisPoints()).isEqualTo(1000);
      assertThat(orders.salt()).isEqualTo("salt-1");
      assertThat(orders.updatedAt()).isEqualTo(t0.plusSeconds(5));
      assertThat(store.canaries(10))
          .extracting(StoredCanary::name)
          .containsExactly("orders", "billing");
      assertThat(store.canary("nobody")).isEmpty();
    }
  }

  @Test
  void aCanaryCommandIsTakenOnceAndSurvivesTheRunningProcessSavingMeanwhile() {
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    try (Store store = open()) {
      store.saveCanary(canary("orders", "running", 1, t0));
      assertThat(store.takeCanaryCommand("orders")).isEmpty();

      assertThat(store.leaveCanaryCommand("orders", "abort")).isTrue();
      store.saveCanary(canary("orders", "running", 1, t0.plusSeconds(1))); // the heartbeat
      assertThat(store.canary("orders").orElseThrow().pendingCommand()).isEqualTo("abort");

      assertThat(store.takeCanaryCommand("orders")).contains("abort");
      assertThat(store.takeCanaryCommand("orders")).isEmpty();
      assertThat(store.leaveCanaryCommand("nobody", "abort")).isFalse();
    }
  }

  // ---- incidents, guards, deployments, kudos

  private static StoredIncident incident(String title, Instant started, Instant created) {
    return new StoredIncident(
        0, title, "sev2", "open", started, null, 0, created, created, "{\"t\":\"" + title + "\"}");
  }

  @Test
  void anIncidentEditedAgainstAnOlderVersionIsRefused() {
    Instant t0 = Instant.parse("2026-11-20T14:00:00Z");
    try (Store store = open()) {
      long id = store.saveIncident(incident("Checkout 500s", t0, t0.plusSeconds(3600)));
      StoredIncident saved = store.incident(id).orElseThrow();
      assertThat(saved.version()).isEqualTo(1);
      assertThat(saved.startedAt()).isEqualTo(t0);
      assertThat(saved.resolvedAt()).isNull();

      StoredIncident edit =
          new StoredIncident(
              id,
              "Checkout 500s for unknown customers",
              "sev1",
              "resolved",
              t0,
              t0.plusSeconds(1800),
              1,
              saved.createdAt(),
              t0.plusSeconds(7200),
              "{}");
      assertThat(store.updateIncident(edit, 1)).isTrue();
      assertThat(store.updateIncident(edit, 1)).as("an edit made against version 1").isFalse();
      StoredIncident now = store.incident(id).orElseThrow();
      assertThat(now.version()).isEqualTo(2);
      assertThat(now.title()).isEqualTo("Checkout 500s for unknown customers");
      assertThat(now.resolvedAt()).isEqualTo(t0.plusSeconds(1800));
      assertThat(store.incident(id + 1000)).isEmpty();
    }
  }

  @Test
  void incidentsAreListedMostRecentlyStartedFirst() {
    Instant t0 = Instant.parse("2026-11-20T14:00:00Z");
    try (Store store = open()) {
      store.saveIncident(incident("old", t0, t0));
      store.saveIncident(incident("unknown start", null, t0.plusSeconds(50)));
      store.saveIncident(incident("new", t0.plusSeconds(100), t0.plusSeconds(100)));
      assertThat(store.incidents())
          .extracting(StoredIncident::title)
          .containsExactly("new", "unknown start", "old");
    }
  }

  @Test
  void guardsAreSwitchedOffAndOnAndListedOldestFirst() {
    Instant t0 = Instant.parse("2026-11-20T14:00:00Z");
    try (Store store = open()) {
      long incident = store.saveIncident(incident("i", t0, t0));
      long first =
          store.addGuard(
              new StoredGuard(0, incident, "a", "{\"method\":\"GET\"}", "status 404", true, t0));
      long second = store.addGuard(new StoredGuard(0, incident, "b", "{}", "same", true, t0));
      assertThat(store.setGuardActive(first, false)).isTrue();
      assertThat(store.setGuardActive(first + 1000, false)).isFalse();

      assertThat(store.guards(false)).extracting(StoredGuard::id).containsExactly(first, second);
      assertThat(store.guards(true)).extracting(StoredGuard::id).containsExactly(second);
      StoredGuard a = store.guards(false).get(0);
      assertThat(a)
          .isEqualTo(
              new StoredGuard(
                  first, incident, "a", "{\"method\":\"GET\"}", "status 404", false, t0));
    }
  }

  @Test
  void deploymentsAreFoundByTimeWindowAndKudosNewestFirst() {
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    try (Store store = open()) {
      StoredDeployment failed =
          new StoredDeployment(
              0,
              "v2",
              t0.minusSeconds(86_400),
              t0.plusSeconds(3600),
              "rolled-back",
              t0.plusSeconds(4000),
              true,
              "canary");
      long before =
          store.recordDeployment(
              new StoredDeployment(
                  0, "v1", null, t0.minusSeconds(1), "success", null, false, "cli"));
      long inside = store.recordDeployment(failed);
      assertThat(inside).isGreaterThan(before);
      assertThat(store.deployments(t0, t0.plusSeconds(86_400)))
          .containsExactly(
              new StoredDeployment(
                  inside,
                  "v2",
                  t0.minusSeconds(86_400),
                  t0.plusSeconds(3600),
                  "rolled-back",
                  t0.plusSeconds(4000),
                  true,
                  "canary"));

      store.addKudos(new StoredKudos(0, "Ana", "wrote a guard", t0, null, "person"));
      store.addKudos(
          new StoredKudos(0, "Spotter", "caught 3", t0.plusSeconds(5), "http://x", "spotter"));
      assertThat(store.kudos(10)).extracting(StoredKudos::who).containsExactly("Spotter", "Ana");
      assertThat(store.kudos(1)).hasSize(1);
      assertThat(store.kudos(10).get(0).link()).isEqualTo("http://x");
    }
  }

  /** A clock that moves a minute on from {@code seconds} each time it is read. */
  static Clock ticking(AtomicLong seconds) {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochSecond(seconds.getAndAdd(60));
      }
    };
  }

  private static StoredRun run(Instant started, String verdict, String report) {
    return new StoredRun(
        null, "check", "corpus demo", started, started.plusSeconds(60), verdict, 120, 3, report);
  }

  static List<Exchange> readAll(Store store, String corpus) {
    List<Exchange> list = new ArrayList<>();
    try (ExchangeCursor cursor = store.read(corpus)) {
      cursor.forEachRemaining(list::add);
    }
    return list;
  }
}
