package dev.spotter.canary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import dev.spotter.store.StoredCanary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canary runs in the store: the running process writes its run at every look (its heartbeat), a
 * restarted one reads it back to resume, and {@code spotter canary status|promote|abort} reach it
 * from another process through the same rows.
 */
public final class CanaryJournal {
  /** A run whose process has not written for this long is taken to be gone. */
  public static final Duration HEARTBEAT_STALE = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(CanaryJournal.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A stored run: its record, where it stands and the salt that keeps its users in place. */
  public record Entry(
      CanaryResult result,
      int stepIndex,
      int canaryBasisPoints,
      String salt,
      Instant updatedAt,
      String pendingCommand) {}

  private final Store store;
  private final Clock clock;

  public CanaryJournal(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The run of that name, if stored.
   *
   * @throws SpotterException {@code canary.state_unreadable} when the stored record cannot be read
   */
  public Optional<Entry> load(String name) {
    return store.canary(name).map(CanaryJournal::entry);
  }

  /** The most recently updated runs. */
  public List<Entry> recent(int limit) {
    return store.canaries(limit).stream().map(CanaryJournal::entry).toList();
  }

  /**
   * Writes the run. A store that fails to write is logged and counted, never thrown: the proxy must
   * keep routing, and the next look writes again.
   */
  void save(CanaryResult result, int stepIndex, int basisPoints, String salt) {
    try {
      store.saveCanary(
          new StoredCanary(
              result.name(),
              result.state().wireName(),
              stepIndex,
              basisPoints,
              salt,
              result.started(),
              clock.instant(),
              null,
              toJson(result)));
    } catch (SpotterException e) {
      LOG.warn("could not save canary run {}: {}", result.name(), e.getMessage());
    }
  }

  /** Takes an operator's command left for the run; empty when none, or the store failed. */
  Optional<String> takeCommand(String name) {
    try {
      return store.takeCanaryCommand(name);
    } catch (SpotterException e) {
      LOG.warn("could not read commands for canary run {}: {}", name, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Leaves {@code promote} or {@code abort} for the process running {@code name}. A run whose
   * process is gone (no heartbeat for {@link #HEARTBEAT_STALE}) is aborted in the store at once; it
   * cannot be promoted, since nothing routes its traffic.
   *
   * @return what happened, in one sentence
   * @throws SpotterException {@code canary.unknown_run}, {@code canary.over} or {@code
   *     canary.not_running}
   */
  public String command(String name, String command) {
    Entry entry =
        load(name)
            .orElseThrow(
                () ->
                    new SpotterException(
                        "canary.unknown_run",
                        "there is no canary run named '"
                            + name
                            + "' in this store; `spotter canary status` lists them",
                        false,
                        null));
    CanaryResult r = entry.result();
    if (r.state().over()) {
      throw new SpotterException(
          "canary.over",
          "canary run '" + name + "' is already over (" + r.state().wireName() + ")",
          false,
          null);
    }
    boolean alive = entry.updatedAt().plus(HEARTBEAT_STALE).isAfter(clock.instant());
    if (!alive) {
      if (command.equals("abort")) {
        CanaryResult aborted =
            new CanaryResult(
                r.name(),
                r.baselineUrl(),
                r.canaryUrl(),
                r.aaMode(),
                RunState.ABORTED,
                RunVerdict.ABORTED,
                "aborted by an operator while no process was running it",
                r.started(),
                clock.instant(),
                r.plannedPercents(),
                r.judgeSettings(),
                r.steps(),
                r.events(),
                r.falseAlarms(),
                r.routingKey());
        save(aborted, entry.stepIndex(), 0, entry.salt());
        return "canary run '" + name + "' had no running process; it is marked aborted";
      }
      throw new SpotterException(
          "canary.not_running",
          "no process is running canary run '"
              + name
              + "' (last heard of at "
              + entry.updatedAt()
              + "); start `spotter canary` with --name "
              + name
              + " to resume it, then promote it",
          false,
          null);
    }
    store.leaveCanaryCommand(name, command);
    return command + " left for canary run '" + name + "'; its process acts on it within a second";
  }

  /** A run's record as JSON: what the store keeps, from which its reports can be written again. */
  public static String toJson(CanaryResult result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canary record is always serialisable", e);
    }
  }

  /**
   * Reads a run's record written by {@link #toJson}.
   *
   * @throws SpotterException {@code canary.state_unreadable} when it cannot be read
   */
  public static CanaryResult fromJson(String json) {
    try {
      return JSON.readValue(json, CanaryResult.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new SpotterException(
          "canary.state_unreadable",
          "a stored canary record cannot be read: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
          false,
          e);
    }
  }

  private static Entry entry(StoredCanary c) {
    return new Entry(
        fromJson(c.stateJson()),
        c.stepIndex(),
        c.canaryBasisPoints(),
        c.salt(),
        c.updatedAt(),
        c.pendingCommand());
  }
}
