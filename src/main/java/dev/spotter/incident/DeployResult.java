package dev.spotter.incident;

import java.util.Locale;

/** How a deployment turned out, as DORA counts it. */
public enum DeployResult {
  /** It went out and stayed. */
  SUCCESS,
  /** It was rolled back (by hand, or by a canary on its own). */
  ROLLED_BACK,
  /** It needed a hotfix right after. */
  HOTFIX,
  /** It caused an incident in production. */
  INCIDENT;

  /** Whether DORA counts it as a failed change (a change that needed immediate intervention). */
  public boolean failed() {
    return this != SUCCESS;
  }

  /** As written on the command line and in the store: {@code success}, {@code rolled-back}... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses {@code success}, {@code rolled-back}, {@code hotfix} or {@code incident}.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static DeployResult parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DeployResult r : values()) {
      if (r.wireName().equals(t)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a deployment result; use success, rolled-back, hotfix or incident");
  }
}
