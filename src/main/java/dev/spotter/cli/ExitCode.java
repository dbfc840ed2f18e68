package dev.spotter.cli;

/** The exit codes every command uses, documented in the README. */
final class ExitCode {
  /** Success, or no regression. */
  static final int OK = 0;

  /** Regressions found, or a verdict failed. */
  static final int REGRESSIONS = 1;

  /** Usage, configuration or operational error; one line on stderr says what and where. */
  static final int ERROR = 2;

  private ExitCode() {}
}
