package dev.spotter.incident;

import dev.spotter.store.Store;
import dev.spotter.store.StoredKudos;
import java.net.URI;
import java.time.Clock;
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
        who.strip(), what.strip(), link == null || link.isBlank() ? null : link.strip(), "person");
  }

  /**
   * Adds Spotter's own entry. Best effort: the log must never cost the check or the canary that
   * earned the entry, so a store that fails is logged and the entry dropped.
   */
  public void addFromSpotter(String what, String link) {
    try {
      save(SPOTTER, what, link, "spotter");
    } catch (RuntimeException e) {
      LOG.warn("could not add a kudos entry: {}", e.getMessage());
    }
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

  private KudosEntry save(String who, String what, String link, String source) {
    StoredKudos k = new StoredKudos(0, who, what, clock.instant(), link, source);
    long id = store.addKudos(k);
    return new KudosEntry(id, who, what, k.at(), link, source.equals("spotter"));
  }
}
