package dev.spotter.capture;

import dev.spotter.model.SpotterException;
import java.util.ArrayList;
import java.util.List;

/**
 * The invalid entries a checking pass found, gathered so that one error names several of them at
 * once instead of one per attempt: how many there are, where and what the first few are, and how to
 * import the rest anyway. The message stays one line.
 */
final class InvalidEntries {
  /** Entries named in the message at most; the rest are only counted. */
  static final int SHOWN = 5;

  static final String HINT = "--skip-invalid imports the rest";

  private final String fileName;
  private final List<ReadItem.Invalid> first = new ArrayList<>(SHOWN);
  private long count;

  InvalidEntries(String fileName) {
    this.fileName = fileName;
  }

  void add(ReadItem.Invalid invalid) {
    count++;
    if (first.size() < SHOWN) {
      first.add(invalid);
    }
  }

  boolean isEmpty() {
    return count == 0;
  }

  /**
   * The error for the entries found, such as {@code a.har: 2 invalid entries: entry 2 (...)...}.
   */
  SpotterException toException() {
    return new SpotterException(first.get(0).code(), summary(null));
  }

  /**
   * The error for a file that broke off (cut short, a syntax error) after some invalid entries: the
   * break comes last, after the entries found before it.
   */
  SpotterException brokenAfter(SpotterException broken) {
    if (isEmpty()) {
      return broken;
    }
    String prefix = fileName + ": ";
    String message = broken.getMessage();
    String where = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return new SpotterException(first.get(0).code(), summary(where), broken.retryable(), broken);
  }

  private String summary(String breakOff) {
    StringBuilder sb = new StringBuilder(fileName).append(": ").append(count);
    sb.append(count == 1 ? " invalid entry" : " invalid entries");
    if (breakOff != null) {
      sb.append(" before the file breaks off");
    }
    sb.append(count > first.size() ? ", the first " + first.size() + ": " : ": ");
    for (int i = 0; i < first.size(); i++) {
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(first.get(i).where()).append(": ").append(oneLine(first.get(i).problem()));
    }
    if (breakOff != null) {
      sb.append("; then ").append(oneLine(breakOff));
    }
    return sb.append(" (").append(HINT).append(')').toString();
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ");
  }
}
