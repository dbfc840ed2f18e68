package dev.spotter.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured operational logs of the live modes: one line per event in logfmt ({@code
 * event=proxy.started listen=127.0.0.1:8080 primary=http://old:8080}), on the {@code
 * spotter.events} logger (stderr from the command line). Events that can come with every request
 * (an upstream failing, a mirror dropped) go through {@link #sampled}, at most one line per event
 * name (and target, when the event names one) and second, carrying how many were left out since the
 * last line.
 */
public final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger("spotter.events");
  private static final long SAMPLE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

  private EventLog() {}

  /**
   * A request target as a log line may show it: the path alone, without the query (where tokens and
   * API keys travel: {@code ?access_token=}), the fragment, and the scheme, credentials and host of
   * an absolute-form target. Logs are not redacted like the store, so they get less.
   */
  public static String pathOnly(String requestTarget) {
    if (requestTarget == null) {
      return null;
    }
    String t = requestTarget;
    int scheme = t.indexOf("://");
    if (!t.startsWith("/") && scheme > 0) {
      int slash = t.indexOf('/', scheme + 3);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    int cut = t.length();
    for (char c : new char[] {'?', '#'}) {
      int at = t.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return cut < t.length() ? t.substring(0, cut) + "?..." : t;
  }

  /** Logs an event at info level: its name, then key-value pairs. */
  public static void info(String event, Object... keyValues) {
    if (LOG.isInfoEnabled()) {
      LOG.info(format(event, keyValues));
    }
  }

  /** Logs an event at warn level. */
  public static void warn(String event, Object... keyValues) {
    if (LOG.isWarnEnabled()) {
      LOG.warn(format(event, keyValues));
    }
  }

  /**
   * Logs a warning at most once a second per event name and {@code target} value; the rest are
   * counted. Per target, so that a candidate failing on every request cannot hide that the
   * secondary fails too (the targets of a run are few and fixed, so the windows stay few).
   */
  public static void sampled(String event, Object... keyValues) {
    if (!LOG.isWarnEnabled()) {
      return;
    }
    Window w = WINDOWS.computeIfAbsent(windowKey(event, keyValues), e -> new Window());
    long now = System.nanoTime();
    long last = w.lastNanos.get();
    if (now - last < SAMPLE_INTERVAL_NANOS || !w.lastNanos.compareAndSet(last, now)) {
      w.suppressed.incrementAndGet();
      return;
    }
    long suppressed = w.suppressed.getAndSet(0);
    String line = format(event, keyValues);
    LOG.warn(suppressed > 0 ? line + " suppressed=" + suppressed : line);
  }

  private static String windowKey(String event, Object[] keyValues) {
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if ("target".equals(keyValues[i])) {
        return event + " target=" + keyValues[i + 1];
      }
    }
    return event;
  }

  /** {@code event=NAME key=value ...}, values quoted when they hold spaces, quotes or '='. */
  static String format(String event, Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("key-value pairs come in twos");
    }
    StringBuilder sb = new StringBuilder(64).append("event=").append(event);
    for (int i = 0; i < keyValues.length; i += 2) {
      sb.append(' ').append(keyValues[i]).append('=');
      appendValue(sb, String.valueOf(keyValues[i + 1]));
    }
    return sb.toString();
  }

  private static void appendValue(StringBuilder sb, String v) {
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=' || c == '\\';
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c < ' ' ? ' ' : c);
      }
    }
    sb.append('"');
  }

  private static final class Window {
    final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - SAMPLE_INTERVAL_NANOS);
    final AtomicLong suppressed = new AtomicLong();
  }
}
