package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import dev.spotter.testsupport.Placeholders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder with a traffic stream: it publishes what it stores, redacted the same way and under
 * the same capture ids, and neither a slow stream nor a retried store write costs the proxy or
 * duplicates an exchange. The stream here is an in-memory {@link ExchangePublisher} (Kafka's own
 * publisher is tested against a real broker in dev.spotter.stream).
 */
class RecorderPublishTest {
  @TempDir Path dir;
  private SqliteStore store;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Recorder> recorders = new ArrayList<>();

  /** Keeps what it is given and acknowledges it at once, unless told to wait or to refuse. */
  static final class Kept implements ExchangePublisher {
    final List<Exchange> published = new CopyOnWriteArrayList<>();
    final CountDownLatch gate;
    final AtomicBoolean refusing = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile boolean closed;

    Kept(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public void publish(List<Exchange> batch, Outcomes outcomes) {
      entered.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (refusing.get()) {
        outcomes.failed(batch.size(), "refused (simulated)");
        return;
      }
      published.addAll(batch);
      outcomes.published(batch.size());
    }

    @Override
    public String describe() {
      return "memory";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @BeforeEach
  void openStore() {
    store = SqliteStore.open(dir.resolve("spotter.db"));
  }

  @AfterEach
  void closeAll() {
    recorders.forEach(Recorder::close);
    store.close();
  }

  private static RecordSettings settings() {
    return RecordSettings.defaults("live", "record:127.0.0.1:8080")
        .withFlushing(Duration.ofMillis(20), 500);
  }

  private Recorder recorder(RecordSettings s, Store target, ExchangePublisher publisher) {
    Recorder r =
        new Recorder(
            s,
            target,
            publisher,
            new Redactor(RedactionRules.defaults().withQueryParameters("access_token")),
            registry);
    recorders.add(r);
    return r;
  }

  private List<String> storedCaptureIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("spotter.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT capture_id FROM exchanges ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  @Test
  void publishesWhatItStoresRedactedTheSameWayUnderTheSameCaptureIds() throws Exception {
    Kept stream = new Kept(new CountDownLatch(0));
    Recorder r = recorder(settings(), store, stream);
    for (int i = 0; i < 3; i++) {
      r.completed(
          Observed.get("/orders/" + i + "?access_token=s3cr3t&x=1")
              .requestHeaders("Host", "shop.example", "Authorization", "Bearer s3cr3t")
              .build());
    }
    r.close();

    assertThat(stream.closed).isTrue();
    assertThat(r.published()).isEqualTo(3);
    assertThat(r.recorded()).isEqualTo(3);
    assertThat(stream.published).hasSize(3);
    for (Exchange e : stream.published) {
      assertThat(e.request().headers().first("Authorization").map(Placeholders::unkeyed))
          .contains("Bearer [REDACTED]");
      assertThat(e.request().url()).doesNotContain("s3cr3t").contains("x=1");
      assertThat(UUID.fromString(e.id())).isNotNull();
    }
    assertThat(storedCaptureIds())
        .containsExactlyElementsOf(stream.published.stream().map(Exchange::id).toList());
    assertThat(registry.get("spotter.record.published").functionCounter().count()).isEqualTo(3.0);
  }

  @Test
  void aStreamThatHangsNeverHoldsUpTheProxyItsQueueShedsInstead() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Kept stream = new Kept(gate);
    Recorder r =
        recorder(
            settings()
                .withQueueBounds(50, 64L * 1024 * 1024)
                .withFlushing(Duration.ofMillis(5), 10),
            null,
            stream);
    r.completed(Observed.get("/first").build());
    assertThat(stream.entered.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    for (int i = 0; i < 2000; i++) {
      r.completed(Observed.get("/orders/" + i).build());
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).as("2,000 calls took %d ms", ms).isLessThan(2000);
    assertThat(r.shed()).isEqualTo(2001 - 50);
    gate.countDown();
    r.close();
    assertThat(r.published()).isEqualTo(50);
    assertThat(r.published() + r.shed()).isEqualTo(2001);
    assertThat(r.recorded()).isZero(); // no store: nothing is recorded there
  }

  @Test
  void whatTheStreamRefusesIsCountedAndTheStoreStillGetsIt() {
    Kept stream = new Kept(new CountDownLatch(0));
    stream.refusing.set(true);
    Recorder r = recorder(settings(), store, stream);
    for (int i = 0; i < 7; i++) {
      r.completed(Observed.get("/o/" + i).build());
    }
    r.close();
    assertThat(r.publishFailed()).isEqualTo(7);
    assertThat(r.published()).isZero();
    assertThat(r.recorded()).isEqualTo(7);
    assertThat(registry.get("spotter.record.publish.failed").functionCounter().count())
        .isEqualTo(7.0);
  }

  @Test
  void aBatchWhoseCommitWasNotAcknowledgedIsWrittenAgainButStoredOnce() throws Exception {
    AtomicBoolean loseAck = new AtomicBoolean(true);
    Store flaky =
        (Store)
            Proxy.newProxyInstance(
                Store.class.getClassLoader(),
                new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                  try {
                    Object result = method.invoke(store, args);
                    if (method.getName().equals("appendCaptured") && loseAck.getAndSet(false)) {
                      // committed, but the caller never hears of it, as when a connection drops
                      throw new SpotterException(
                          "store.locked", "lost ack (simulated)", true, null);
                    }
                    return result;
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Recorder r = recorder(settings(), flaky, null);
    for (int i = 0; i < 20; i++) {
      r.completed(Observed.get("/o/" + i).build());
    }
    r.close();
    assertThat(loseAck).isFalse();
    assertThat(r.recorded()).isEqualTo(20);
    assertThat(r.failed()).isZero();
    assertThat(store.corpus("live").orElseThrow().exchanges()).isEqualTo(20);
    assertThat(storedCaptureIds()).doesNotHaveDuplicates().hasSize(20);
  }

  @Test
  void needsAStoreOrAStream() {
    assertThatThrownBy(
            () ->
                new Recorder(
                    settings(), null, null, new Redactor(RedactionRules.defaults()), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a store or a publisher");
  }

  @Test
  void publishMetersExistOnlyWhenPublishing() {
    Recorder r = recorder(settings(), store, null);
    assertThat(registry.find("spotter.record.published").functionCounter()).isNull();
    await().until(() -> r.queued() == 0);
  }
}
