package dev.spotter.stream;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One member of a consumer group that persists a traffic stream into a store: poll a batch, decode
 * it, append it by capture id (one transaction per corpus), and only then commit its offsets. A
 * crash between the two redelivers the batch, and the capture ids make the store skip what it
 * already holds: at-least-once delivery into an idempotent store stores each exchange once.
 *
 * <p>A record that holds no readable exchange is reported, counted and skipped (its offset is
 * committed with its batch), so it never blocks its partition. Store errors that may pass (a locked
 * store, a full disk) are retried with the batch in hand, never skipped; others end the run without
 * committing.
 */
public final class StreamIngester {
  /** What the ingester needs of a store: {@code Store::appendCaptured}. */
  @FunctionalInterface
  public interface CapturedStore {
    /**
     * Appends in one transaction, skipping capture ids the corpus holds; returns how many were new.
     */
    int appendCaptured(String corpus, List<Exchange> exchanges);
  }

  /** What the ingester tells its operator; called on the ingesting thread. */
  public interface Listener {
    void unreadable(String where, String problem);

    void warning(String what);
  }

  static final Duration POLL = Duration.ofMillis(200);
  static final Duration FIRST_RETRY = Duration.ofMillis(200);
  static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration JOIN_GRACE = Duration.ofSeconds(30);

  private final IngestSettings settings;
  private final CapturedStore store;
  private final Listener listener;
  private final LongAdder stored = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private volatile int assigned;
  private long lastNewsNanos; // only the ingesting thread
  private boolean joined; // only the ingesting thread (rebalance callbacks run inside poll)

  public StreamIngester(IngestSettings settings, CapturedStore store, Listener listener) {
    this.settings = settings;
    this.store = store;
    this.listener = listener;
  }

  /**
   * Consumes until {@code stopRequested} says so or, with an idle exit, nothing new came for that
   * long; the batch in hand is stored and committed first. Closes its consumer (leaving the group)
   * before it returns.
   *
   * @throws SpotterException when the store refuses a batch for good; that batch stays uncommitted
   */
  public IngestSummary run(BooleanSupplier stopRequested) {
    String why;
    try (Closing consumer =
        new Closing(
            new KafkaConsumer<>(
                KafkaClients.consumer(settings.from(), settings.groupId(), settings.clientId())))) {
      consumer.get().subscribe(List.of(settings.from().topic()), new Assignments());
      lastNewsNanos = System.nanoTime();
      why = loop(consumer.get(), stopRequested);
    }
    return summary(why);
  }

  private String loop(Consumer<String, byte[]> consumer, BooleanSupplier stopRequested) {
    while (!stopRequested.getAsBoolean()) {
      ConsumerRecords<String, byte[]> records = poll(consumer);
      if (records.isEmpty()) {
        if (idleTooLong()) {
          return "idle";
        }
        continue;
      }
      lastNewsNanos = System.nanoTime();
      Map<String, List<Exchange>> byCorpus = decode(records);
      if (!storeAll(byCorpus, stopRequested)) {
        throw new SpotterException(
            "ingest.store_failed",
            "stopped while the store still refused a batch of "
                + records.count()
                + " records; it was not committed and will be delivered again",
            true,
            null);
      }
      commit(consumer, records);
      batches.increment();
    }
    return "stopped";
  }

  /**
   * Nothing new for the idle time, counted from the last record or (re)assignment. Joining the
   * group may take a while (a new group, a member that died and must time out first), so until the
   * first assignment it is counted from the start with {@link #JOIN_GRACE} added.
   */
  private ConsumerRecords<String, byte[]> poll(Consumer<String, byte[]> consumer) {
    try {
      return consumer.poll(POLL);
    } catch (KafkaException e) {
      // what the consumer does not retry itself (authorization, a fenced member...) ends the run
      throw new SpotterException(
          "stream.failed",
          "reading " + settings.from() + " failed: " + KafkaClients.describe(e),
          true,
          e);
    }
  }

  private boolean idleTooLong() {
    Duration idle = settings.idleExit();
    if (idle == null) {
      return false;
    }
    long limit = joined ? idle.toNanos() : idle.plus(JOIN_GRACE).toNanos();
    return System.nanoTime() - lastNewsNanos >= limit;
  }

  /** The batch's exchanges by corpus, in offset order within each partition. */
  Map<String, List<Exchange>> decode(ConsumerRecords<String, byte[]> records) {
    Map<String, List<Exchange>> byCorpus = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Exchange exchange;
      try {
        exchange = ExchangeRecords.fromRecord(record);
      } catch (SpotterException e) {
        unreadable.increment();
        listener.unreadable(ExchangeRecords.where(record), problem(e, record));
        continue;
      }
      String corpus = settings.corpusFor(ExchangeRecords.corpusOf(record).orElse(null));
      byCorpus.computeIfAbsent(corpus, c -> new ArrayList<>()).add(exchange);
    }
    return byCorpus;
  }

  private static String problem(SpotterException e, ConsumerRecord<?, ?> record) {
    String prefix = ExchangeRecords.where(record) + ": ";
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /**
   * Stores every corpus's share, retrying what may pass with growing pauses; false when asked to
   * stop before the store took it all.
   */
  private boolean storeAll(Map<String, List<Exchange>> byCorpus, BooleanSupplier stopRequested) {
    for (Map.Entry<String, List<Exchange>> e : byCorpus.entrySet()) {
      Duration pause = FIRST_RETRY;
      while (true) {
        try {
          int added = store.appendCaptured(e.getKey(), e.getValue());
          stored.add(added);
          duplicates.add(e.getValue().size() - added);
          break;
        } catch (SpotterException failure) {
          if (!failure.retryable()) {
            throw failure;
          }
          listener.warning(
              "the store refused "
                  + e.getValue().size()
                  + " exchanges for corpus '"
                  + e.getKey()
                  + "' ("
                  + failure.getMessage()
                  + "); trying again in "
                  + KafkaClients.human(pause));
          if (stopRequested.getAsBoolean() || !sleep(pause)) {
            return false;
          }
          pause =
              pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
                  ? LONGEST_RETRY
                  : pause.multipliedBy(2);
        }
      }
    }
    return true;
  }

  private static boolean sleep(Duration d) {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Commits the offset after the last record of each partition in the batch. A commit that fails (a
   * rebalance moved the partition, Kafka went away) is only warned about: the records come again to
   * whoever owns the partition next, and the store skips them.
   */
  private void commit(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(tp);
      offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    try {
      consumer.commitSync(offsets, COMMIT_TIMEOUT);
    } catch (KafkaException e) {
      listener.warning(
          "could not commit offsets "
              + offsets.values().stream().map(o -> Long.toString(o.offset())).toList()
              + " ("
              + KafkaClients.describe(e)
              + "); the batch will be delivered again and its exchanges skipped as duplicates");
    }
  }

  /** Exchanges stored as new so far. */
  public long stored() {
    return stored.sum();
  }

  /** Exchanges the store already held so far. */
  public long duplicates() {
    return duplicates.sum();
  }

  /** Records skipped so far because they held no readable exchange. */
  public long unreadable() {
    return unreadable.sum();
  }

  /** Partitions this member holds now. */
  public int assignedPartitions() {
    return assigned;
  }

  private IngestSummary summary(String why) {
    return new IngestSummary(stored(), duplicates(), unreadable(), batches.sum(), why);
  }

  /** Keeps the count of partitions held, and a new assignment counts as news for the idle exit. */
  private final class Assignments implements ConsumerRebalanceListener {
    private final Set<TopicPartition> held = new HashSet<>();

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // every batch is stored and committed before the next poll, so nothing is pending here
      held.removeAll(partitions);
      assigned = held.size();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      held.addAll(partitions);
      assigned = held.size();
      joined = true;
      lastNewsNanos = System.nanoTime();
    }
  }

  /** Closes the consumer within a bound, leaving the group so its partitions move at once. */
  private record Closing(Consumer<String, byte[]> consumer) implements AutoCloseable {
    Consumer<String, byte[]> get() {
      return consumer;
    }

    @Override
    public void close() {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
  }
}
