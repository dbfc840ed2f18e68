package dev.spotter.capture;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The state one redaction session shares across its exchanges: the keyed placeholders, the values
 * learned as credentials, the configured patterns, and the counts. Thread-safe: the recorder's
 * writer and the proxy may use it at once.
 *
 * <p>A placeholder is the marker with 12 hex digits of HMAC-SHA256(key, value) in it: {@code
 * [REDACTED]} gives {@code [REDACTED:3f9a1c2b7d40]}, a marker without a closing bracket gets {@code
 * :3f9a1c2b7d40} appended. Text that already is a placeholder, or the bare marker, is never
 * redacted again, so redacting twice changes nothing.
 */
final class Secrets {
  /** Values shorter than this are not learned: too likely to be an ordinary word or id. */
  static final int MIN_LEARNED_LENGTH = 8;

  /** At most this many learned values per session, so a long recording cannot grow without end. */
  static final int MAX_LEARNED = 100_000;

  private static final int HASH_HEX_DIGITS = 12;

  private final String marker;
  private final String prefix;
  private final String suffix;
  private final Pattern placeholderPattern;
  private final ThreadLocal<Mac> mac;
  private final boolean detectFormats;
  private final List<Pattern> patterns;
  private final Set<String> learned = ConcurrentHashMap.newKeySet();
  private final EnumMap<RedactionKind, LongAdder> counts = new EnumMap<>(RedactionKind.class);

  Secrets(String marker, RedactionKey key, boolean detectFormats, List<String> patterns) {
    this.marker = marker;
    boolean bracketed = marker.endsWith("]") && marker.length() > 1;
    this.prefix = (bracketed ? marker.substring(0, marker.length() - 1) : marker) + ":";
    this.suffix = bracketed ? "]" : "";
    this.placeholderPattern =
        Pattern.compile(
            Pattern.quote(marker)
                + "|"
                + Pattern.quote(prefix)
                + "[0-9a-f]{"
                + HASH_HEX_DIGITS
                + "}"
                + (suffix.isEmpty() ? "" : Pattern.quote(suffix)));
    SecretKeySpec spec = new SecretKeySpec(key.bytes(), "HmacSHA256");
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
              }
            });
    this.detectFormats = detectFormats;
    this.patterns = patterns.stream().map(Pattern::compile).toList();
    for (RedactionKind kind : RedactionKind.values()) {
      counts.put(kind, new LongAdder());
    }
  }

  String marker() {
    return marker;
  }

  /** Whether the built-in detection applies (not with {@link RedactionRules#none()}). */
  boolean detects() {
    return detectFormats;
  }

  /** The placeholder of a secret: the same for the same secret and key, and nothing else. */
  String placeholder(String secret) {
    byte[] hash = mac.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().formatHex(hash, 0, HASH_HEX_DIGITS / 2);
    return prefix + hex + suffix;
  }

  /**
   * What the replay shows for a {@code --set-header} value (ReplaySettings.SET_HEADER_VALUE, in a
   * package capture does not see): already hidden, so hashing it would only hide that it was set.
   */
  static final String SET_HEADER_VALUE = "[set-header value]";

  /** Whether the text is a placeholder or the bare marker already. */
  boolean isPlaceholder(String text) {
    return placeholderPattern.matcher(text).matches() || SET_HEADER_VALUE.equals(text);
  }

  /**
   * The placeholder of a secret found by its name or place, learned for later; the value itself
   * when it is empty or already a placeholder. Counting is the caller's.
   */
  String hide(String secret) {
    if (secret.isEmpty() || isPlaceholder(secret)) {
      return secret;
    }
    learn(secret);
    return placeholder(secret);
  }

  void count(RedactionKind kind) {
    counts.get(kind).increment();
  }

  RedactionCounts counts() {
    EnumMap<RedactionKind, Long> snapshot = new EnumMap<>(RedactionKind.class);
    counts.forEach((kind, n) -> snapshot.put(kind, n.sum()));
    return new RedactionCounts(snapshot);
  }

  private void learn(String secret) {
    String s = secret.strip();
    if (detectFormats
        && s.length() >= MIN_LEARNED_LENGTH
        && learned.size() < MAX_LEARNED
        && !isPlaceholder(s)) {
      learned.add(s);
    }
  }

  /** Whether this value was learned as a credential in this session. */
  boolean isLearned(String value) {
    return !learned.isEmpty() && learned.contains(value);
  }

  /**
   * The text with every secret told by its form replaced: JWTs, known tokens, URL credentials
   * ({@code scheme://user:password@}), configured patterns and learned values.
   *
   * @param place the kind to count every replacement as (a path segment), or null to count each by
   *     what found it
   * @param render how a placeholder is written here (as is, or encoded for a URL)
   */
  String scan(String text, RedactionKind place, UnaryOperator<String> render) {
    if (text.isEmpty() || (!detectFormats && patterns.isEmpty())) {
      return text;
    }
    List<TokenFormats.Found> found = new ArrayList<>();
    if (detectFormats) {
      TokenFormats.find(text, found);
      findUrlCredentials(text, found);
      findLearned(text, found);
    }
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        int group = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
        if (m.end(group) > m.start(group)) {
          found.add(new TokenFormats.Found(m.start(group), m.end(group), RedactionKind.PATTERN));
        }
      }
    }
    if (found.isEmpty()) {
      return text;
    }
    dropInsidePlaceholders(text, found);
    found.sort(
        Comparator.comparingInt(TokenFormats.Found::start)
            .thenComparing(f -> -f.end(), Comparator.naturalOrder()));
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (TokenFormats.Found f : found) {
      if (f.start() < at) {
        continue; // inside one replaced already
      }
      String secret = text.substring(f.start(), f.end());
      out.append(text, at, f.start()).append(render.apply(hide(secret)));
      count(place != null ? place : f.kind());
      at = f.end();
    }
    if (at == 0) {
      return text;
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  /** A placeholder contains hex digits a pattern may match: those are not secrets. */
  private void dropInsidePlaceholders(String text, List<TokenFormats.Found> found) {
    if (text.indexOf(prefix.charAt(0)) < 0) {
      return;
    }
    Matcher m = placeholderPattern.matcher(text);
    while (m.find()) {
      int s = m.start();
      int e = m.end();
      found.removeIf(f -> f.start() < e && f.end() > s);
    }
  }

  private static final Pattern URL_CREDENTIAL =
      Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://([^/?#@\\s\"'<>]*)@");

  /** {@code https://user:pass@host} gives {@code pass}; {@code https://TOKEN@host} gives TOKEN. */
  private static void findUrlCredentials(String text, List<TokenFormats.Found> found) {
    if (text.indexOf("://") < 0) {
      return;
    }
    Matcher m = URL_CREDENTIAL.matcher(text);
    while (m.find()) {
      int start = m.start(1);
      int end = m.end(1);
      int colon = text.indexOf(':', start);
      if (colon >= 0 && colon < end) {
        start = colon + 1;
      }
      if (end > start) {
        found.add(new TokenFormats.Found(start, end, RedactionKind.URL_CREDENTIAL));
      }
    }
  }

  /**
   * Learned values as whole pieces of the text, a piece being a run of the characters tokens are
   * made of (letters, digits and {@code -_.~+}, with {@code =} as padding at its end), so a learned
   * token is found in {@code /user/token/<token>}, {@code Bearer <token>}, {@code s=<token>} or at
   * the end of a sentence, but not inside a longer word.
   */
  private void findLearned(String text, List<TokenFormats.Found> found) {
    if (learned.isEmpty()) {
      return;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !isTokenChar(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && isTokenChar(text.charAt(i))) {
        i++;
      }
      while (i < n && text.charAt(i) == '=') {
        i++; // base64 padding belongs to the piece
      }
      int end = i;
      while (end - start >= MIN_LEARNED_LENGTH) {
        if (learned.contains(text.substring(start, end))) {
          found.add(new TokenFormats.Found(start, end, RedactionKind.LEARNED_VALUE));
          break;
        }
        if (text.charAt(end - 1) != '.' && text.charAt(end - 1) != '=') {
          break;
        }
        end--; // a full stop after a token, or padding the learned value did not have
      }
      if (i < n && !isTokenChar(text.charAt(i))) {
        i++;
      }
    }
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~'
        || c == '+';
  }

  /** A placeholder as it stands in a URL's path or query: percent-encoded, spaces as %20. */
  static String urlEncoded(String placeholder) {
    return URLEncoder.encode(placeholder, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
