package dev.spotter.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how far a long job has come: a bar redrawn in place on a terminal, plain lines (at most
 * every few seconds) when stderr is a file or a CI log.
 */
final class Progress {
  private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
  private static final long BAR_INTERVAL_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final String label;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos;
  private boolean drewBar;

  Progress(PrintStream out, boolean terminal, String label) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
  }

  /**
   * A bar on standard output when a person is watching (Java sees a console only when standard
   * input and output are a terminal, so the bar goes where that is known); plain lines on stderr
   * otherwise, so a redirected log never fills with carriage returns.
   */
  static Progress forJob(String label) {
    if (System.console() != null && System.getenv("CI") == null) {
      return new Progress(System.out, true, label);
    }
    return new Progress(System.err, false, label);
  }

  synchronized void update(long done, long total) {
    long now = System.nanoTime();
    boolean finished = total > 0 && done >= total;
    long interval = terminal ? BAR_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
    if (!finished && now - lastPrintNanos < interval) {
      return;
    }
    lastPrintNanos = now;
    if (terminal) {
      out.print("\r" + bar(done, total, now));
      drewBar = true;
    } else {
      out.println(line(done, total, now));
    }
    out.flush();
  }

  /** Ends the display: moves past the bar so later output starts on its own line. */
  synchronized void finish() {
    if (drewBar) {
      out.println();
      drewBar = false;
    }
  }

  String bar(long done, long total, long now) {
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s %,d %s", label, done, rate(done, now));
    }
    int width = 30;
    double fraction = total > 0 ? Math.min(1, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * width);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %,d/%,d %3.0f%% %s",
        label,
        "#".repeat(filled),
        ".".repeat(width - filled),
        done,
        total,
        fraction * 100,
        rate(done, now));
  }

  String line(long done, long total, long now) {
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s: %,d done, %s", label, done, rate(done, now));
    }
    return String.format(
        Locale.ROOT, "%s: %,d of %,d done, %s", label, done, total, rate(done, now));
  }

  private String rate(long done, long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    return String.format(Locale.ROOT, "%.0f/s", done / seconds);
  }
}
