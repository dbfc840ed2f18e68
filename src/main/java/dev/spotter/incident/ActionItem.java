package dev.spotter.incident;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Something the team will do so that the incident cannot happen again, or is caught sooner, or
 * hurts less.
 *
 * @param due may lie in the past (the item is late), never required
 */
public record ActionItem(
    String description, Kind kind, String owner, LocalDate due, Status status) {

  public ActionItem {
    status = status == null ? Status.OPEN : status; // an item nobody marked is still to do
  }

  /** What an action item does about the incident (the kinds the best templates share). */
  public enum Kind {
    /** Notice it sooner next time. */
    DETECT,
    /** Make it hurt less next time. */
    MITIGATE,
    /** Make it impossible. */
    PREVENT;

    public static Kind parse(String text) {
      String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
      for (Kind k : values()) {
        if (k.name().equals(t)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "'" + text + "' is not a kind of action item; use detect, mitigate or prevent");
    }
  }

  /** Whether it is done. */
  public enum Status {
    OPEN,
    DONE
  }

  public ActionItem withStatus(Status s) {
    return new ActionItem(description, kind, owner, due, s);
  }
}
