package dev.spotter.fleet;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.replay.BatchReplayer;
import dev.spotter.replay.Replayed;
import dev.spotter.store.PartitionProgress;
import dev.spotter.store.ReplayResult;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCheckJob;
import dev.spotter.stream.ExchangeRecords;
import dev.spotter.stream.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a distributed check: joins the check's consumer group, replays the records of the
 * partitions Kafka assigns it against primary, secondary and candidate, and stores the answers;
 * then, until the check is closed, shares with the other workers the requests the coordinator asks
 * again ({@link RepeatTaskWorker}).
 *
 * <p>Nothing is lost and nothing counts twice. A batch's answers and how far it came are stored in
 * one transaction before its offsets are committed; a worker that dies before storing leaves its
 * records to whoever gets its partitions next, who starts where the store says the partition got
 * to; one that dies after storing but before committing has its batch replayed again and the second
 * answers ignored, because the store keeps one result per exchange id.
 */
public final class ReplayWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayWorker.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long CHECK_DONE_INTERVAL_NANOS = 1_000_000_000L;

  private final Store store;
  private final String name;
  private final WorkerSettings settings;

  /**
   * @param store where jobs are found and answers stored; shared with the coordinator
   * @param name this worker, as results and logs name it
   */
  public ReplayWorker(Store store, String name, WorkerSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * What one worker did for one job.
   *
   * @param replayed records of the stream it replayed
   * @param batches batches it stored them in
   * @param askedAgain asks of repeat tasks whose answers it stored
   */
  public record Share(String runId, long replayed, long batches, long askedAgain) {}

  /**
   * Replays this worker's share of {@code job} until every partition of the check is done (by this
   * worker or others), then serves the check's repeat tasks until the coordinator closes the job;
   * leaves earlier when {@code stop} says so (in-flight requests are finished and stored first) or
   * when the coordinator has said nothing for {@link WorkerSettings#coordinatorSilence()}.
   *
   * @throws SpotterException when the stream cannot be read or the store written
   */
  public Share work(StoredCheckJob job, BooleanSupplier stop) {
    CheckJobSettings s =
        CheckJobSettings.fromJson(job.runId(), job.settingsJson())
            .withSetHeaderValues(job.runId(), settings.setHeaders());
    try (UpstreamClient client = new UpstreamClient(s.replay().clientSettings())) {
      // one replayer for both phases: the check's concurrency and rate hold across them
      BatchReplayer replayer = new BatchReplayer(s.replay(), client);
      FirstPass first = new FirstPass(0, 0);
      if (!Completion.of(s, store.replayProgress(job.runId())).complete()) {
        first = replayStream(job, s, replayer, stop);
      }
      long asked = 0;
      if (!stop.getAsBoolean()) {
        asked =
            new RepeatTaskWorker(
                    store, name, job.runId(), s, replayer, settings.coordinatorSilence())
                .serve(stop);
      }
      LOG.info(
          "worker {} leaves check run {}: {} exchanges replayed, {} asked again",
          name,
          job.runId(),
          first.replayed(),
          asked);
      return new Share(job.runId(), first.replayed(), first.batches(), asked);
    }
  }

  /** What this worker replayed of the stream. */
  private record FirstPass(long replayed, long batches) {}

  /**
   * The first pass: replays the partitions Kafka gives this worker until every partition of the
   * check is done or the job closed.
   */
  private FirstPass replayStream(
      StoredCheckJob job, CheckJobSettings s, BatchReplayer replayer, BooleanSupplier stop) {
    String topic = s.stream().topic();
    Properties props = KafkaClients.consumer(s.stream(), "spotter-check-" + job.runId(), name);
    int batch = batchSize(s);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch);
    // every partition is sought to where the store says it got to: a position Kafka cannot give
    // (records deleted by retention) must be an error, never a silent jump past them
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(500, settings.sessionTimeout().toMillis() / 4));
    // a batch waits for its slowest answer; give it the time of many timeouts before Kafka
    // decides this worker is stuck and gives its partitions away
    props.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(
                    300_000L,
                    s.replay().timeout().toMillis() * batch + 2 * pacedMillis(s, batch))));
    LOG.info(
        "worker {} joins check run {} on {} ({} records in {} partitions)",
        name,
        job.runId(),
        s.stream(),
        s.records(),
        s.partitions().size());
    long replayed = 0;
    long batches = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      Assignment assignment = new Assignment(consumer, s, job.runId());
      consumer.subscribe(List.of(topic), assignment);
      long lastDoneCheck = System.nanoTime();
      while (!stop.getAsBoolean()) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (OffsetOutOfRangeException e) {
          throw new SpotterException(
              "fleet.records_expired",
              "records of check run "
                  + job.runId()
                  + " are gone from "
                  + s.stream()
                  + " (deleted by retention before they were replayed: "
                  + e.offsetOutOfRangePartitions()
                  + "); give the topic a longer retention.ms or check sooner",
              false,
              e);
        }
        assignment.rethrowStoreFailure();
        if (!records.isEmpty()) {
          replayed += handle(job.runId(), s, records, replayer, consumer);
          batches++;
        }
        parkReached(job.runId(), s, consumer);
        long now = System.nanoTime();
        if (now - lastDoneCheck >= CHECK_DONE_INTERVAL_NANOS) {
          lastDoneCheck = now;
          if (finished(job.runId(), s)) {
            break;
          }
        }
      }
    } catch (KafkaException e) {
      if (e.getCause() instanceof SpotterException store) {
        throw store; // the store failed inside a rebalance callback, Kafka only carried it
      }
      throw new SpotterException(
          "fleet.stream_failed",
          "worker " + name + " cannot read " + s.stream() + ": " + e.getMessage(),
          true,
          e);
    }
    LOG.info(
        "worker {} is done with the partitions of check run {}: {} exchanges replayed",
        name,
        job.runId(),
        replayed);
    return new FirstPass(replayed, batches);
  }

  /** Replays one poll's records, stores the answers and progress, then commits the offsets. */
  private long handle(
      String runId,
      CheckJobSettings s,
      ConsumerRecords<String, byte[]> records,
      BatchReplayer replayer,
      KafkaConsumer<String, byte[]> consumer) {
    List<ConsumerRecord<String, byte[]>> inRange = new ArrayList<>();
    List<Exchange> readable = new ArrayList<>();
    Map<Integer, Long> reached = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      PartitionRange range = s.range(tp.partition());
      if (range == null) {
        continue; // parked when assigned: a partition the check does not cover
      }
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        if (r.offset() >= range.end()) {
          break; // records that arrived after the check opened belong to the next check
        }
        if (r.offset() >= range.start()) {
          inRange.add(r);
          reached.put(tp.partition(), r.offset() + 1);
        }
      }
    }
    // unreadable records are results too (skipped, with the reason), so that the check ends
    List<Replayed> results = new ArrayList<>(inRange.size());
    List<Integer> readableAt = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : inRange) {
      try {
        readable.add(ExchangeRecords.fromRecord(r));
        readableAt.add(results.size());
        results.add(null);
      } catch (SpotterException e) {
        LOG.warn("worker {}: {}", name, e.getMessage());
        results.add(
            new Replayed.Skipped(
                placeOf(r), "unreadable_record", "records of the stream that could not be read"));
      }
    }
    List<Replayed> answered = replayer.replay(readable);
    for (int i = 0; i < answered.size(); i++) {
      results.set(readableAt.get(i), answered.get(i));
    }
    List<ReplayResult> rows = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      ConsumerRecord<String, byte[]> r = inRange.get(i);
      rows.add(
          new ReplayResult(
              results.get(i).exchangeId(),
              r.partition(),
              r.offset(),
              name,
              ReplayedJson.write(results.get(i))));
    }
    List<PartitionProgress> progress = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    reached.forEach(
        (p, next) -> {
          progress.add(new PartitionProgress(p, next));
          commits.put(new TopicPartition(s.stream().topic(), p), new OffsetAndMetadata(next));
        });
    store.saveReplayResults(runId, rows, progress);
    try {
      consumer.commitSync(commits);
    } catch (KafkaException e) {
      // the answers are stored and the store's progress leads: whoever gets these partitions
      // starts from there (every assignment seeks to it), and a result stored twice is kept once;
      // the commit only tells Kafka's own tools how far the group got
      LOG.info("worker {}: offsets not committed ({}); the store has them", name, e.toString());
    }
    return rows.size(); // partitions that reached their end are parked after every poll
  }

  /**
   * Parks partitions whose position reached the end of their range, storing that they are done: the
   * last record of the range was replayed, a record past it was read, or the range ends in offsets
   * that hold no record (such as a transaction marker).
   */
  private void parkReached(
      String runId, CheckJobSettings s, KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> reached = new ArrayList<>();
    List<PartitionProgress> progress = new ArrayList<>();
    Set<TopicPartition> paused = consumer.paused();
    for (TopicPartition tp : consumer.assignment()) {
      PartitionRange range = s.range(tp.partition());
      if (range == null || paused.contains(tp)) {
        continue;
      }
      if (consumer.position(tp) >= range.end()) {
        reached.add(tp);
        progress.add(new PartitionProgress(tp.partition(), range.end()));
      }
    }
    if (!reached.isEmpty()) {
      store.saveReplayResults(runId, List.of(), progress);
      consumer.pause(reached);
    }
  }

  /**
   * The records read, replayed and stored together. With a rate, no more than about ten seconds of
   * paced requests, so that progress shows often and a slow check does not look stalled.
   */
  private int batchSize(CheckJobSettings s) {
    double rate = s.replay().ratePerSecond();
    if (rate <= 0) {
      return settings.batchSize();
    }
    return (int) Math.max(1, Math.min(settings.batchSize(), Math.floor(rate * 10)));
  }

  /** How long a batch of {@code n} takes at the check's rate alone, in milliseconds. */
  private static long pacedMillis(CheckJobSettings s, int n) {
    double rate = s.replay().ratePerSecond();
    return rate <= 0 ? 0 : (long) Math.ceil(n * 1000 / rate);
  }

  /** True when every partition of the check is done or the job was closed. */
  private boolean finished(String runId, CheckJobSettings s) {
    StoredCheckJob now = store.checkJob(runId).orElse(null);
    if (now == null || !"open".equals(now.state())) {
      return true;
    }
    return Completion.of(s, store.replayProgress(runId)).complete();
  }

  /**
   * True while some record of the job is still to be replayed or some repeat task still waits for
   * its answers: a job whose coordinator died after the workers finished stays open, and must not
   * keep workers busy.
   */
  public static boolean hasWork(Store store, StoredCheckJob job) {
    if (!CheckCoordinator.OPEN.equals(job.state())) {
      return false;
    }
    CheckJobSettings s = CheckJobSettings.fromJson(job.runId(), job.settingsJson());
    return !Completion.of(s, store.replayProgress(job.runId())).complete()
        || store.repeatProgress(job.runId()).pending() > 0;
  }

  static String placeOf(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }

  /**
   * On every assignment, starts each partition where the store says the check got to (never before
   * the range, never replaying what is stored), and parks partitions already done.
   */
  private final class Assignment implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> consumer;
    private final CheckJobSettings s;
    private final String runId;

    Assignment(KafkaConsumer<String, byte[]> consumer, CheckJobSettings s, String runId) {
      this.consumer = consumer;
      this.s = s;
      this.runId = runId;
    }

    private SpotterException storeFailure;

    /** A store failure met inside a callback, thrown on the worker's own terms after the poll. */
    void rethrowStoreFailure() {
      if (storeFailure != null) {
        SpotterException e = storeFailure;
        storeFailure = null;
        throw e;
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<Integer, Long> progress;
      try {
        progress = store.replayProgress(runId);
      } catch (SpotterException e) {
        storeFailure = e;
        consumer.pause(partitions); // nothing is read until the worker has given up
        return;
      }
      List<TopicPartition> park = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        PartitionRange range = s.range(tp.partition());
        if (range == null) {
          // a partition added after the check opened: none of its records belong
          consumer.seekToEnd(List.of(tp));
          park.add(tp);
          continue;
        }
        long next = Math.max(range.start(), progress.getOrDefault(tp.partition(), range.start()));
        if (next >= range.end()) {
          consumer.seek(
              tp, range.end()); // a position of its own: there is no reset to fall back on
          park.add(tp);
        } else {
          consumer.seek(tp, next);
          consumer.resume(List.of(tp));
        }
      }
      consumer.pause(park);
      LOG.info("worker {} got partitions {} of check run {}", name, partitions, runId);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // nothing in hand: a batch is stored before the next poll can take partitions away
    }
  }
}
