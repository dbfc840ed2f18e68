package dev.spotter.replay;

/** The outcome of a whole check. */
public enum CheckVerdict {
  PASS("pass"),
  FAIL("fail");

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
