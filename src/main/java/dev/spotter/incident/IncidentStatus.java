package dev.spotter.incident;

import java.util.Locale;

/** Where an incident stands: still hurting, contained, over, or reviewed (post-mortem done). */
public enum IncidentStatus {
  OPEN,
  MITIGATED,
  RESOLVED,
  REVIEWED;

  /**
   * Parses the lower-case name.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static IncidentStatus parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (IncidentStatus s : values()) {
      if (s.name().equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not an incident status; use open, mitigated, resolved or reviewed");
  }

  /** Whether the incident is over, so that it must have a resolved time. */
  public boolean over() {
    return this == RESOLVED || this == REVIEWED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
