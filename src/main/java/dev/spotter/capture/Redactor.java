package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Applies {@link RedactionRules} to requests and responses. Every path that writes captured traffic
 * (store, traffic stream, exports) passes it through here first; so do reports that show replayed
 * traffic.
 *
 * <p>Each secret is replaced by a placeholder computed with a keyed hash ({@link RedactionKey}),
 * the same for the same secret, so flows and sessions still line up. A value redacted as a
 * credential (by its name, or its form) is learned, and redacted wherever it appears later in the
 * same session: the token a login answer returned, when a logout then names it in its path.
 *
 * <p>One instance is one redaction session (a recording, an import command, a check): it holds the
 * learned values and the counts of {@link #counts()}, and is safe to use from several threads at
 * once. Use a new instance for each session.
 */
public final class Redactor {
  /** Headers whose value is (or starts with) a URL that may carry secrets. */
  private static final Set<String> URL_HEADERS =
      Set.of("referer", "location", "content-location", "origin", "link");

  private final RedactionRules rules;
  private final Set<String> headerNames;
  private final Set<String> queryNames;
  private final SecretNames names;
  private final Secrets secrets;
  private final Predicate<String> secretQueryName;
  private final BodyRedaction bodies;

  /** A session with a random key of this process: placeholders differ from other processes'. */
  public Redactor(RedactionRules rules) {
    this(rules, RedactionKey.perProcess());
  }

  /** A session whose placeholders are keyed by {@code key}. */
  public Redactor(RedactionRules rules, RedactionKey key) {
    this.rules = rules;
    this.headerNames = lowerCase(rules.headerNames());
    this.queryNames = lowerCase(rules.queryParameters());
    this.names = new SecretNames(rules.secretNames(), rules.builtIn());
    this.secrets = new Secrets(rules.marker(), key, rules.builtIn(), rules.patterns());
    this.secretQueryName =
        name -> queryNames.contains(name.toLowerCase(Locale.ROOT)) || names.isSecret(name);
    this.bodies =
        new BodyRedaction(
            new JsonRedaction(rules.jsonPaths(), names, secrets), secretQueryName, names, secrets);
  }

  public RedactionRules rules() {
    return rules;
  }

  /** What this session redacted so far, by kind. */
  public RedactionCounts counts() {
    return secrets.counts();
  }

  /** The exchange with its request and response redacted (the request first). */
  public Exchange redact(Exchange exchange) {
    HttpRequestData request = redact(exchange.request());
    HttpResponseData response = redact(exchange.response());
    if (request == exchange.request() && response == exchange.response()) {
      return exchange;
    }
    return exchange.withRequest(request).withResponse(response);
  }

  /** The request with secrets in its URL, headers and body replaced by placeholders. */
  public HttpRequestData redact(HttpRequestData request) {
    Headers headers = redact(request.headers());
    // the body before the URL: a credential sent in the body is then known in the URL too
    Body body = bodies.redact(request.body(), request.headers());
    String url = UrlRedaction.redact(request.url(), secretQueryName, secrets);
    if (url.equals(request.url()) && headers == request.headers() && body == request.body()) {
      return request;
    }
    return new HttpRequestData(request.method(), url, headers, body);
  }

  /** The response with secrets in its headers and body replaced, or null when given null. */
  public HttpResponseData redact(HttpResponseData response) {
    if (response == null) {
      return null;
    }
    Headers headers = redact(response.headers());
    Body body = bodies.redact(response.body(), response.headers());
    if (headers == response.headers() && body == response.body()) {
      return response;
    }
    return new HttpResponseData(response.status(), headers, body);
  }

  private Headers redact(Headers headers) {
    boolean changed = false;
    Header[] out = headers.entries().toArray(new Header[0]);
    for (int i = 0; i < out.length; i++) {
      Header h = out[i];
      String value = redactHeader(h.name().toLowerCase(Locale.ROOT), h.value());
      if (!value.equals(h.value())) {
        out[i] = new Header(h.name(), value);
        changed = true;
      }
    }
    return changed ? new Headers(List.of(out)) : headers;
  }

  private String redactHeader(String lower, String value) {
    if (headerNames.contains(lower) || names.isSecretHeader(lower)) {
      String redacted = HeaderRedaction.redact(lower, value, secrets::hide);
      if (!redacted.equals(value)) {
        secrets.count(RedactionKind.HEADER);
      }
      return redacted;
    }
    if (URL_HEADERS.contains(lower)) {
      return UrlRedaction.redact(value, secretQueryName, secrets);
    }
    return secrets.scan(value, null, UnaryOperator.identity());
  }

  private static Set<String> lowerCase(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }
}
