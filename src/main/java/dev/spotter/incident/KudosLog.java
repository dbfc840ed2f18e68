package dev.spotter.incident;

import dev.spotter.store.Store;
import dev.spotter.store.StoredKudos;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kudos log: people thank people; Spotter adds what it did itself, so that a manager sees the
 * safety net working without anyone having to brag.
 */
public final class KudosLog {
  /** The name Spotter's own entries carry. */
  public static final String SPOTTER = "Spotter";

  /** Spotter's entries looked through for an earlier catch: kudos are few, one per catch. */
  static final int LOOK_BACK = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(KudosLog.class);

  private final Store store;
  private final Clock clock;

  public KudosLog(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Adds a person's entry.
   *
   * @throws IllegalArgumentException naming the field: who and what are needed, a link must be an
   *     http(s) URL
   */
  public KudosEntry add(String who, String what, String link) {
    return addAt(who, what, link, clock.instant());
  }

  /**
   * Adds a person's entry for what they did {@code when}: blank for now, else a date ({@code
   * 2026-11-20}, its start in UTC) or a time as incidents take it ({@code 2026-11-20 14:03} UTC, or
   * ISO-8601).
   *
   * @throws IllegalArgumentException naming the field, as {@link #add(String, String, String)};
   *     also when {@code when} does not parse or lies in the future
   */
  public KudosEntry add(String who, String what, String link, String when) {
    return addAt(who, what, link, when(when));
  }

  /** The moment {@code text} names, as {@link #add(String, String, String, String)} reads it. */
  Instant when(String text) {
    if (text == null || text.isBlank()) {
      return clock.instant();
    }
    Instant at;
    try {
      at = LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notADate) {
      try {
        at = IncidentTimes.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "when: '"
                + text.strip()
                + "' is not a date or a time; write 2026-11-20, 2026-11-20 14:03 (UTC) or"
                + " 2026-11-20T14:03:00Z");
      }
    }
    if (at.isAfter(clock.instant())) {
      throw new IllegalArgumentException(
          "when: '" + text.strip() + "' lies in the future; kudos thank what was already done");
    }
    return at;
  }

  private KudosEntry addAt(String who, String what, String link, Instant at) {
    if (who == null || who.isBlank()) {
      throw new IllegalArgumentException("who: say who the kudos are for");
    }
    if (what == null || what.isBlank()) {
      throw new IllegalArgumentException("what: say what they did");
    }
    if (link != null && !link.isBlank()) {
      URI uri;
      try {
        uri = URI.create(link.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("link: '" + link + "' is not a URL");
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("link: must start with http:// or https://");
      }
    }
    return save(
        who.strip(),
        what.strip(),
        link == null || link.isBlank() ? null : link.strip(),
        "person",
        at);
  }

  /**
   * Adds Spotter's own entry. Best effort: the log must never cost the check or the canary that
   * earned the entry, so a store that fails is logged and the entry dropped.
   */
  public void addFromSpotter(String what, String link) {
    try {
      save(SPOTTER, what, link, "spotter", clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("could not add a kudos entry: {}", e.getMessage());
    }
  }

  /**
   * Adds Spotter's own entry unless one of its entries already names {@code key}: the same catch
   * seen again (CI retrying a failed job, the same check run twice) is thanked once, so the log
   * tells a manager how often the safety net worked, not how often it was looked at. The key is
   * part of {@code what}, followed there by ',' or ')', so that "against :80" is not found in
   * "against :8080". Best effort, as {@link #addFromSpotter}.
   *
   * @return whether an entry was added
   */
  public boolean addFromSpotterOnce(String key, String what, String link) {
    if (!what.contains(key)) {
      throw new IllegalArgumentException("the entry must name its key: " + key);
    }
    try {
      boolean thanked =
          latest(LOOK_BACK).stream().anyMatch(k -> k.fromSpotter() && names(k.what(), key));
      if (thanked) {
        return false;
      }
    } catch (RuntimeException e) {
      LOG.warn("could not read the kudos log: {}", e.getMessage());
      return false; // a store that cannot be read cannot be written either; the work goes on
    }
    addFromSpotter(what, link);
    return true;
  }

  /** Whether an entry holds the key whole. */
  private static boolean names(String what, String key) {
    return what != null && (what.contains(key + ",") || what.contains(key + ")"));
  }

  /** The latest entries, newest first. */
  public List<KudosEntry> latest(int limit) {
    return store.kudos(limit).stream()
        .map(
            k ->
                new KudosEntry(
                    k.id(), k.who(), k.what(), k.at(), k.link(), k.source().equals("spotter")))
        .toList();
  }

  private KudosEntry save(String who, String what, String link, String source, Instant at) {
    StoredKudos k = new StoredKudos(0, who, what, at, link, source);
    long id = store.addKudos(k);
    return new KudosEntry(id, who, what, k.at(), link, source.equals("spotter"));
  }
}
