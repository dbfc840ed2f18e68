package dev.spotter.replay;

/** The outcome of a whole check. */
public enum CheckVerdict {
  /** Everything compared; no regression. */
  PASS("pass"),
  /** Regressions found. */
  FAIL("fail"),
  /** No verdict: nothing could be compared, or a target never answered. Exit code 2. */
  INCOMPLETE("incomplete");

  private final String jsonName;

  CheckVerdict(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
