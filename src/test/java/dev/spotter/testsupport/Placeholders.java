package dev.spotter.testsupport;

import java.util.regex.Pattern;

/**
 * Redaction placeholders carry a keyed hash of the value they replace ({@code
 * [REDACTED:3f9a1c2b7d40]}), which differs from key to key; tests that check where a placeholder
 * stands compare text with the hashes taken out.
 */
public final class Placeholders {
  /** A placeholder of the default marker, as is. */
  public static final Pattern PLAIN = Pattern.compile("\\[REDACTED:[0-9a-f]{12}\\]");

  /** A placeholder of the default marker, percent-encoded as in a URL. */
  public static final Pattern ENCODED = Pattern.compile("%5BREDACTED%3A[0-9a-f]{12}%5D");

  private Placeholders() {}

  /**
   * The text with each placeholder's hash taken out: {@code [REDACTED]}, {@code %5BREDACTED%5D}.
   */
  public static String unkeyed(String text) {
    String plain = PLAIN.matcher(text).replaceAll("[REDACTED]");
    return ENCODED.matcher(plain).replaceAll("%5BREDACTED%5D");
  }
}
