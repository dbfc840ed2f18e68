package dev.spotter.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A recorded request. {@code url} is what was captured: an absolute URL ({@code
 * http://host/orders/7?x=1}) or an origin-form target ({@code /orders/7?x=1}); replay only uses its
 * path and query.
 */
public record HttpRequestData(String method, String url, Headers headers, Body body) {
  public HttpRequestData {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    method = method.toUpperCase(Locale.ROOT);
    headers = headers == null ? Headers.EMPTY : headers;
    body = body == null ? Body.EMPTY : body;
  }

  /** The path and query of the URL ({@code /orders/7?x=1}), never empty. */
  public String pathAndQuery() {
    return RequestTarget.pathAndQuery(url);
  }

  /** The path and query of an absolute or origin-form URL, never empty; the fragment dropped. */
  public static String pathAndQuery(String url) {
    return RequestTarget.pathAndQuery(url);
  }

  /** The path alone, without the query ({@code /orders/7}). */
  public String path() {
    String pq = pathAndQuery();
    int q = pq.indexOf('?');
    return q < 0 ? pq : pq.substring(0, q);
  }

  /** The query string without the leading {@code ?}, or empty. */
  public String query() {
    String pq = pathAndQuery();
    int q = pq.indexOf('?');
    return q < 0 ? "" : pq.substring(q + 1);
  }

  /** A copy with another URL (used by redaction of query parameters). */
  public HttpRequestData withUrl(String newUrl) {
    return new HttpRequestData(method, newUrl, headers, body);
  }

  public HttpRequestData withHeaders(Headers newHeaders) {
    return new HttpRequestData(method, url, newHeaders, body);
  }

  public HttpRequestData withBody(Body newBody) {
    return new HttpRequestData(method, url, headers, newBody);
  }

  /** Splits URLs without java.net.URI's strictness: captured traffic is not always well formed. */
  static final class RequestTarget {
    private RequestTarget() {}

    static String pathAndQuery(String url) {
      String rest = url;
      int scheme = url.indexOf("://");
      if (scheme > 0 && url.substring(0, scheme).chars().allMatch(Character::isLetter)) {
        int slash = url.indexOf('/', scheme + 3);
        int question = url.indexOf('?', scheme + 3);
        if (slash < 0 && question < 0) {
          return "/";
        }
        int start = slash < 0 ? question : (question < 0 ? slash : Math.min(slash, question));
        rest = url.substring(start);
      }
      int hash = rest.indexOf('#');
      if (hash >= 0) {
        rest = rest.substring(0, hash);
      }
      if (rest.isEmpty()) {
        return "/";
      }
      return rest.startsWith("/") ? rest : (rest.startsWith("?") ? "/" + rest : "/" + rest);
    }
  }
}
