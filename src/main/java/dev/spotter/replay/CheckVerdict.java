package dev.spotter.replay;

/**
 * The outcome of a whole check. Precedence, when several apply: fail over incomplete over undecided
 * over pass.
 */
public enum CheckVerdict {
  /** Everything compared was decided, and nothing is a regression. Exit code 0. */
  PASS("pass"),
  /** Regressions found, or a guard failed. Exit code 1. */
  FAIL("fail"),
  /** No verdict: nothing could be compared, a target never answered, a guard was not judged. */
  INCOMPLETE("incomplete"),
  /**
   * No verdict: what was compared shows no regression, but some findings are still undecided after
   * asking again as far as the budget and the requests allowed. Exit code 2, or 0 when accepted
   * with {@code --allow-undecided}; never a pass.
   */
  UNDECIDED("undecided");

  private final String jsonName;

  CheckVerdict(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  /** Whether this is a verdict at all: pass or fail. */
  public boolean decided() {
    return this == PASS || this == FAIL;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
