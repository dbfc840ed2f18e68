package dev.spotter.capture;

/**
 * An entry an import left out.
 *
 * @param where where in the file, such as {@code entry 12 (line 345, column 7)} or {@code line 7}
 * @param reason what was wrong with it
 */
public record SkippedEntry(String where, String reason) {
  @Override
  public String toString() {
    return where + ": " + reason;
  }
}
