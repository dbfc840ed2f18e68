package dev.spotter.incident;

import java.util.Locale;

/** How bad an incident was, SEV1 the worst. */
public enum Severity {
  SEV1,
  SEV2,
  SEV3,
  SEV4;

  /**
   * Parses {@code sev1}..{@code sev4} or {@code 1}..{@code 4}.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static Severity parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    if (t.matches("[1-4]")) {
      t = "SEV" + t;
    }
    for (Severity s : values()) {
      if (s.name().equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a severity; use sev1 (worst), sev2, sev3 or sev4");
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
