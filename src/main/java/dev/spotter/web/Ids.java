package dev.spotter.web;

/** Ids in paths: anything that is not one is simply not found. */
final class Ids {
  private Ids() {}

  static long number(String text, String what) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through: a malformed id names nothing
    }
    throw HttpProblem.notFound("There is no " + what + " '" + text + "'.");
  }
}
