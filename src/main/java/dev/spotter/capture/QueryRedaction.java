package dev.spotter.capture;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Redacts parameters of a URL's query or of a form-encoded body, leaving the rest of the text byte
 * for byte as it was: the value of a parameter whose name is secret is replaced by its placeholder
 * (percent-encoded), and any other value is scanned for secrets told by their form.
 */
final class QueryRedaction {
  private QueryRedaction() {}

  /**
   * {@code a=1&token=2} becomes {@code a=1&token=%5BREDACTED%3A...%5D}.
   *
   * @param secretName whether a parameter of this (decoded) name is secret
   * @param named the kind to count a parameter redacted by its name as
   */
  static String redactParameters(
      String text, Predicate<String> secretName, Secrets secrets, RedactionKind named) {
    if (text.isEmpty()) {
      return text;
    }
    String[] parts = text.split("&", -1);
    boolean changed = false;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = decode(part.substring(0, eq));
      String raw = part.substring(eq + 1);
      String value = decode(raw);
      String redacted;
      if (!value.isEmpty() && !secrets.isPlaceholder(value) && secretName.test(name)) {
        redacted = Secrets.urlEncoded(secrets.hide(value));
        secrets.count(named);
      } else if (secrets.isLearned(value)) {
        redacted = Secrets.urlEncoded(secrets.hide(value));
        secrets.count(RedactionKind.LEARNED_VALUE);
      } else {
        redacted = secrets.scan(raw, null, Secrets::urlEncoded);
      }
      if (!redacted.equals(raw)) {
        parts[i] = part.substring(0, eq + 1) + redacted;
        changed = true;
      }
    }
    return changed ? String.join("&", parts) : text;
  }

  /** Percent-decoding as forms do ({@code +} is a space); a malformed escape is kept as is. */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s; // a stray % in captured traffic: compare the text as it stands
    }
  }
}
