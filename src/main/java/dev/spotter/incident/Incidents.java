package dev.spotter.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import dev.spotter.store.StoredIncident;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Post-mortems in the store: created and edited only when {@link IncidentRules} finds nothing
 * wrong, and edited against the version they were read at, so that two people editing at once never
 * overwrite each other's words.
 */
public final class Incidents {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // a hand-edited export may say "sev2" or "open" as the command line does
          .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);

  private final Store store;
  private final Clock clock;

  public Incidents(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Saves a new post-mortem.
   *
   * @return it, with its id and version 1
   * @throws SpotterException {@code incident.invalid} listing every problem; nothing is saved
   */
  public Incident create(Incident incident) {
    check(incident);
    StoredIncident saved = stored(incident, clock.instant());
    long id = store.saveIncident(saved);
    return get(id);
  }

  /**
   * Edits a post-mortem as it is at {@code expectedVersion}.
   *
   * @throws SpotterException {@code incident.unknown}; {@code incident.invalid} listing every
   *     problem; {@code incident.conflict} when someone else saved it since that version. In every
   *     case nothing is changed.
   */
  public Incident edit(long id, long expectedVersion, Consumer<IncidentDraft> change) {
    Incident current = get(id);
    if (current.version() != expectedVersion) {
      throw conflict(id, expectedVersion, current.version());
    }
    IncidentDraft draft = IncidentDraft.of(current);
    change.accept(draft);
    draft.id = id;
    draft.version = expectedVersion;
    Incident edited = draft.build();
    check(edited);
    if (!store.updateIncident(stored(edited, clock.instant()), expectedVersion)) {
      throw conflict(id, expectedVersion, get(id).version());
    }
    thankForClosedItems(current, edited);
    return get(id);
  }

  /** An action item closed is the lesson of an incident put to work: the kudos log says so. */
  private void thankForClosedItems(Incident before, Incident after) {
    // an item is the same item by what it says and who owns it, wherever an edit moved it
    java.util.Set<String> openBefore = new java.util.HashSet<>();
    for (ActionItem a : before.actionItems()) {
      if (a.status() == ActionItem.Status.OPEN) {
        openBefore.add(a.description() + "\u0000" + a.owner());
      }
    }
    for (ActionItem is : after.actionItems()) {
      if (is.status() == ActionItem.Status.DONE
          && openBefore.remove(is.description() + "\u0000" + is.owner())) {
        new KudosLog(store, clock)
            .addFromSpotter(
                is.owner()
                    + " closed an action item of incident "
                    + after.id()
                    + " ("
                    + after.title()
                    + "): "
                    + is.description(),
                null);
      }
    }
  }

  /** Edits the post-mortem as it is now (read, changed, saved against that version). */
  public Incident edit(long id, Consumer<IncidentDraft> change) {
    return edit(id, get(id).version(), change);
  }

  /**
   * The post-mortem with that id.
   *
   * @throws SpotterException {@code incident.unknown} when there is none
   */
  public Incident get(long id) {
    return find(id)
        .orElseThrow(
            () ->
                new SpotterException(
                    "incident.unknown",
                    "there is no incident " + id + "; `spotter incident list` shows them"));
  }

  public Optional<Incident> find(long id) {
    return store.incident(id).map(Incidents::incident);
  }

  /** Every post-mortem, the most recent first. */
  public List<Incident> list() {
    return store.incidents().stream().map(Incidents::incident).toList();
  }

  /** A post-mortem as JSON, the form {@code incident edit --file} reads back. */
  public static String toJson(Incident incident) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(incident);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an incident is always serialisable", e);
    }
  }

  /**
   * Reads a post-mortem written by {@link #toJson} (and perhaps edited by hand).
   *
   * @throws SpotterException {@code incident.unreadable} saying where the text is wrong
   */
  public static Incident fromJson(String json, String where) {
    try {
      return JSON.readValue(json, Incident.class);
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      throw new SpotterException(
          "incident.unreadable", where + at + ": " + e.getOriginalMessage(), false, e);
    }
  }

  private static void check(Incident incident) {
    List<String> problems = IncidentRules.problems(incident);
    if (!problems.isEmpty()) {
      throw new SpotterException(
          "incident.invalid", "the incident was not saved: " + String.join("; ", problems));
    }
  }

  private static SpotterException conflict(long id, long expected, long now) {
    return new SpotterException(
        "incident.conflict",
        "incident "
            + id
            + " was changed by someone else since version "
            + expected
            + " (it is at version "
            + now
            + " now); nothing was saved: read it again and redo your edit");
  }

  private static StoredIncident stored(Incident i, java.time.Instant now) {
    return new StoredIncident(
        i.id(),
        i.title(),
        i.severity().wireName(),
        i.status().wireName(),
        i.started(),
        i.resolved(),
        i.version(),
        now,
        now,
        toJson(i));
  }

  private static Incident incident(StoredIncident s) {
    Incident body = fromJson(s.bodyJson(), "incident " + s.id());
    IncidentDraft d = IncidentDraft.of(body);
    d.id = s.id(); // the columns are the truth for what the store assigns
    d.version = s.version();
    return d.build();
  }
}
