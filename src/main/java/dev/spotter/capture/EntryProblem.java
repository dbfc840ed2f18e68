package dev.spotter.capture;

/** Why one entry of a file cannot become an exchange; the message says what, the caller where. */
class EntryProblem extends Exception {
  private static final long serialVersionUID = 1L;

  EntryProblem(String message) {
    super(message, null, false, false);
  }
}
