package dev.spotter.fleet;

import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.ReplayAggregator;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import dev.spotter.store.StoredRun;
import dev.spotter.stream.KafkaAddress;
import dev.spotter.stream.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of a check over a stream: fixes which records the check covers, opens the job
 * that workers find in the store, waits until they have replayed all of it, judges everything they
 * stored in one place, in stream order, and asks again through them what that left undecided, so
 * that the report is the one a check in one process would write.
 */
public final class CheckCoordinator {
  /** The state of a job while workers replay it. */
  public static final String OPEN = "open";

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration WAIT_STEP = Duration.ofMillis(250);

  /** How often the coordinator tells its workers it is at work: well within their patience. */
  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final Store store;
  private final Clock clock;

  public CheckCoordinator(Store store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads the topic's partitions and their first and next offsets: the check covers every record in
   * the topic now, and none that arrives later.
   *
   * @throws SpotterException {@code fleet.no_topic} when the topic does not exist, {@code
   *     stream.unreachable} when Kafka cannot be reached
   */
  public static CheckJobSettings snapshot(KafkaAddress stream, ReplaySettings replay) {
    if (KafkaClients.requireReachable(stream, METADATA_TIMEOUT) == 0) {
      throw new SpotterException(
          "fleet.no_topic",
          "the topic '" + stream.topic() + "' does not exist on " + stream.bootstrapServers());
    }
    Properties props = KafkaClients.consumer(stream, "spotter-check-coordinator", "coordinator");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<PartitionInfo> infos = consumer.partitionsFor(stream.topic(), METADATA_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new SpotterException(
            "fleet.no_topic",
            "the topic '" + stream.topic() + "' does not exist on " + stream.bootstrapServers());
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions); // offsets of partitions this client does not own are not kept
      Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
      Map<TopicPartition, Long> next = consumer.endOffsets(partitions, METADATA_TIMEOUT);
      List<PartitionRange> ranges = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        ranges.add(new PartitionRange(tp.partition(), first.get(tp), next.get(tp)));
      }
      ranges.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      return new CheckJobSettings(stream, ranges, replay);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new SpotterException(
          "stream.unreachable",
          "Kafka at "
              + stream.bootstrapServers()
              + " did not answer within "
              + METADATA_TIMEOUT.toSeconds()
              + " s while reading topic '"
              + stream.topic()
              + "'",
          true,
          e);
    } catch (KafkaException e) {
      throw new SpotterException(
          "stream.failed",
          "cannot read the partitions of " + stream + ": " + e.getMessage(),
          true,
          e);
    }
  }

  /**
   * Saves the run (without a verdict yet) and opens its job for workers.
   *
   * @return the job, whose run id names the check
   */
  public StoredCheckJob open(CheckJobSettings settings, String source) {
    Instant now = clock.instant();
    String runId =
        store.saveRun(new StoredRun(null, "check", source, now, null, "incomplete", 0, 0, null));
    StoredCheckJob job =
        new StoredCheckJob(runId, OPEN, settings.stream().toString(), settings.toJson(), now, now);
    store.openCheckJob(job);
    return job;
  }

  /**
   * Waits until the workers have replayed every record the check covers.
   *
   * @param stallTimeout how long the check may go without any progress before it is given up
   * @param progress told how many records are done, as they are
   * @param stop asked between looks; true ends the wait early with {@code fleet.interrupted}
   * @throws SpotterException {@code fleet.stalled} when no worker made progress for {@code
   *     stallTimeout}
   */
  public void awaitWorkers(
      StoredCheckJob job, Duration stallTimeout, LongConsumer progress, BooleanSupplier stop) {
    CheckJobSettings s = CheckJobSettings.fromJson(job.runId(), job.settingsJson());
    long lastDone = -1;
    long lastChangeNanos = System.nanoTime();
    while (true) {
      Completion c = Completion.of(s, store.replayProgress(job.runId()));
      progress.accept(c.done());
      if (c.complete()) {
        return;
      }
      long now = System.nanoTime();
      if (c.done() != lastDone) {
        lastDone = c.done();
        lastChangeNanos = now;
      } else if (now - lastChangeNanos > stallTimeout.toNanos()) {
        throw new SpotterException(
            "fleet.stalled",
            "check run "
                + job.runId()
                + " made no progress for "
                + stallTimeout.toSeconds()
                + " s ("
                + c.done()
                + " of "
                + c.total()
                + " exchanges done): is a `spotter worker` running against this store?",
            true,
            null);
      }
      if (stop.getAsBoolean()) {
        throw new SpotterException(
            "fleet.interrupted",
            "stopped waiting for the workers of check run "
                + job.runId()
                + " after "
                + c.done()
                + " of "
                + c.total()
                + " exchanges");
      }
      try {
        Thread.sleep(WAIT_STEP.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SpotterException(
            "fleet.interrupted", "interrupted while waiting for the workers of run " + job.runId());
      }
    }
  }

  /**
   * Who replayed how much of a run, for the coordinator's summary.
   *
   * @param replayed records of the stream it replayed
   * @param askedAgain asks of repeat tasks it answered
   */
  public record WorkerShare(String worker, long replayed, long askedAgain) {
    WorkerShare plus(WorkerShare other) {
      return new WorkerShare(worker, replayed + other.replayed, askedAgain + other.askedAgain);
    }
  }

  /**
   * Judges every stored answer of the run, in stream order, into one result, asking nothing again:
   * findings the recorded traffic left undecided stay undecided.
   *
   * @param shares told, when not null, how many exchanges each worker replayed
   */
  public CheckResult judge(
      StoredCheckJob job,
      ReplayAggregator aggregator,
      String source,
      Map<String, WorkerShare> shares) {
    gather(job, aggregator, shares == null ? new HashMap<>() : shares);
    return aggregator.result(source, job.createdAt(), clock.instant());
  }

  /**
   * Judges every stored answer of the run, in stream order, then asks again through the workers, in
   * rounds, the requests that could decide what is still undecided (within the aggregator's repeat
   * budget), and judges their answers in task order: the result a check in one process gives on the
   * same traffic. The job must stay open meanwhile.
   *
   * @param shares told, when not null, how many exchanges each worker replayed and asked again
   * @param stallTimeout how long a round may go without a task claimed or completed
   * @param stop asked while waiting; true ends the wait with {@code fleet.interrupted}
   * @throws SpotterException {@code fleet.stalled} when no worker took or finished a repeat task
   *     for {@code stallTimeout}
   */
  public CheckResult judgeAskingAgain(
      StoredCheckJob job,
      ReplayAggregator aggregator,
      String source,
      Map<String, WorkerShare> shares,
      Duration stallTimeout,
      BooleanSupplier stop) {
    Map<String, WorkerShare> byWorker = shares == null ? new HashMap<>() : shares;
    gather(job, aggregator, byWorker);
    CheckJobSettings s = CheckJobSettings.fromJson(job.runId(), job.settingsJson());
    RepeatRounds rounds =
        new RepeatRounds(
            store,
            clock,
            job.runId(),
            s,
            aggregator,
            stallTimeout,
            stop,
            worker -> byWorker.merge(worker, new WorkerShare(worker, 0, 1), WorkerShare::plus));
    // interrupted, asking stops and what the workers answered so far is judged
    aggregator.askAgain(rounds);
    return aggregator.result(source, job.createdAt(), clock.instant());
  }

  private void gather(
      StoredCheckJob job, ReplayAggregator aggregator, Map<String, WorkerShare> byWorker) {
    store.forEachReplayResult(
        job.runId(),
        r -> {
          aggregator.add(
              ReplayedJson.read(
                  r.resultJson(), "check run " + job.runId() + ", exchange " + r.exchangeId()));
          byWorker.merge(r.worker(), new WorkerShare(r.worker(), 1, 0), WorkerShare::plus);
        });
  }

  /**
   * Tells the job's workers, every few seconds until closed, that this coordinator is at work on
   * it: workers whose partitions are done wait for its repeat tasks while it speaks, and leave a
   * job whose coordinator died.
   */
  public Heartbeat keepAlive(StoredCheckJob job) {
    return new Heartbeat(store, job.runId());
  }

  /** The coordinator's sign of life to the workers of one job; close it when the job is closed. */
  public static final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private final ScheduledExecutorService timer;

    private Heartbeat(Store store, String runId) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "spotter-coordinator-" + runId);
                t.setDaemon(true);
                return t;
              });
      long every = HEARTBEAT.toMillis();
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              store.touchCheckJob(runId);
            } catch (RuntimeException e) {
              LOG.warn(
                  "check run {}: cannot tell the workers it goes on: {}", runId, e.getMessage());
            }
          },
          0,
          every,
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /**
   * Closes the job (workers still in it leave) and deletes the stored answers, which the report now
   * holds what matters of.
   */
  public void close(StoredCheckJob job, boolean finished) {
    if (!store.closeCheckJob(job.runId(), finished ? "finished" : "failed")) {
      return; // closed already (by the shutdown hook, or twice)
    }
    store.deleteReplayResults(job.runId());
    if (!finished) {
      // the run ends without a verdict, instead of looking as if it still went on
      store
          .run(job.runId())
          .ifPresent(
              r ->
                  store.updateRun(
                      new StoredRun(
                          r.id(),
                          r.kind(),
                          r.source(),
                          r.startedAt(),
                          clock.instant(),
                          "incomplete",
                          r.requests(),
                          r.regressions(),
                          r.reportJson())));
    }
  }

  /** The job of a run, for workers told which run to join. */
  public static StoredCheckJob requireJob(Store store, String runId) {
    return store
        .checkJob(runId)
        .orElseThrow(
            () ->
                new SpotterException(
                    "fleet.no_job", "there is no distributed check with run id " + runId));
  }
}
