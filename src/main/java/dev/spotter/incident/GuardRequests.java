package dev.spotter.incident;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The request a guard pins, read the same way by {@code spotter guard add} and the dashboard's
 * guard form: found in a corpus or written out, then checked whole and redacted. The parts of a
 * written request are read one by one so that each caller can name its own field in the error.
 */
public final class GuardRequests {
  /** RFC 9110's token characters: what a method may be made of. */
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  private GuardRequests() {}

  /**
   * A method such as {@code get} or {@code POST}, upper-cased.
   *
   * @throws IllegalArgumentException when it is not an HTTP token
   */
  public static String method(String text) {
    String m = text == null ? "" : text.strip();
    if (!m.matches(TOKEN)) {
      throw new IllegalArgumentException(
          "'" + m + "' is not an HTTP method; write one such as GET or POST");
    }
    return m.toUpperCase(Locale.ROOT);
  }

  /**
   * A path with its query, such as {@code /orders/7?expand=lines}.
   *
   * @throws IllegalArgumentException when it does not start with a slash or holds blanks
   */
  public static String target(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith("/") || t.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a path; write '/path?query', such as '/orders/7'");
    }
    return t;
  }

  /**
   * A header written {@code Name: value}.
   *
   * @throws IllegalArgumentException when there is no name before a colon
   */
  public static Header header(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0 || line.substring(0, colon).isBlank()) {
      throw new IllegalArgumentException("'" + line + "': write 'Name: value'");
    }
    return new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
  }

  /** A written request from parts already read; a null or empty body sends none. */
  public static HttpRequestData written(
      String method, String target, List<Header> headers, String body) {
    return new HttpRequestData(
        method,
        target,
        new Headers(headers),
        body == null || body.isEmpty()
            ? Body.EMPTY
            : Body.of(body.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The request of exchange {@code id} in {@code corpus}.
   *
   * @throws SpotterException {@code guard.no_request} when the corpus holds no such exchange;
   *     {@code store.no_such_corpus} when there is no such corpus
   */
  public static HttpRequestData fromCorpus(Store store, String corpus, String id) {
    try (ExchangeCursor cursor = store.read(corpus)) {
      return find(cursor, e -> e.id().equals(id), "exchange " + id + " in corpus '" + corpus + "'");
    }
  }

  /**
   * The request of the first exchange {@code wanted} accepts.
   *
   * @param what names the exchange looked for, for the error
   * @throws SpotterException {@code guard.no_request} when none is
   */
  public static HttpRequestData find(
      Iterator<Exchange> exchanges, Predicate<Exchange> wanted, String what) {
    while (exchanges.hasNext()) {
      Exchange e = exchanges.next();
      if (wanted.test(e)) {
        return e.request();
      }
    }
    throw new SpotterException("guard.no_request", "there is no " + what);
  }

  /**
   * What is stored of a found request: the whole of it, with credentials redacted as in any corpus
   * (the check's {@code --set-header} supplies them again).
   *
   * @param redact the corpus's redaction (capture's {@code Redactor::redact}, which this package
   *     does not see)
   * @throws SpotterException {@code guard.invalid} when its body was recorded cut
   */
  public static HttpRequestData pinnable(
      HttpRequestData found, UnaryOperator<HttpRequestData> redact) {
    if (found.body().truncated()) {
      throw new SpotterException(
          "guard.invalid",
          "the request's body was recorded cut ("
              + found.body().length()
              + " of "
              + found.body().originalSize()
              + " bytes); a guard must send the whole request");
    }
    return redact.apply(found);
  }
}
