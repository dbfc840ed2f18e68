package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies {@link RedactionRules} to requests and responses. Every path that writes captured traffic
 * to disk passes it through here first; so do reports that show replayed traffic.
 */
public final class Redactor {
  /** Headers whose value is (or starts with) a URL that may carry redacted query parameters. */
  private static final Set<String> URL_HEADERS = Set.of("referer", "location", "content-location");

  private final RedactionRules rules;
  private final Set<String> headerNames;
  private final Set<String> queryNames;
  private final String encodedMarker;
  private final JsonRedaction json;

  public Redactor(RedactionRules rules) {
    this.rules = rules;
    this.headerNames = lowerCase(rules.headerNames());
    this.queryNames = lowerCase(rules.queryParameters());
    this.encodedMarker = QueryRedaction.encodedMarker(rules.marker());
    this.json = new JsonRedaction(rules.jsonPaths(), rules.marker());
  }

  public RedactionRules rules() {
    return rules;
  }

  /** The exchange with its request and response redacted. */
  public Exchange redact(Exchange exchange) {
    HttpRequestData request = redact(exchange.request());
    HttpResponseData response = redact(exchange.response());
    if (request == exchange.request() && response == exchange.response()) {
      return exchange;
    }
    return exchange.withRequest(request).withResponse(response);
  }

  /** The request with secrets in its URL, headers and body replaced by the marker. */
  public HttpRequestData redact(HttpRequestData request) {
    String url = QueryRedaction.redactUrl(request.url(), queryNames, encodedMarker);
    Headers headers = redact(request.headers());
    Body body = json.redact(request.body(), request.headers());
    if (!queryNames.isEmpty() && isForm(request.headers())) {
      String form = body.utf8();
      String redacted = QueryRedaction.redactParameters(form, queryNames, encodedMarker);
      if (!redacted.equals(form)) {
        byte[] bytes = redacted.getBytes(StandardCharsets.UTF_8);
        // a capped form body stays marked as capped, with its size adjusted by the change
        body =
            body.truncated()
                ? new Body(bytes, body.originalSize() - body.length() + bytes.length, true)
                : Body.of(bytes);
      }
    }
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
    Body body = json.redact(response.body(), response.headers());
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
      String lower = h.name().toLowerCase(Locale.ROOT);
      String value = h.value();
      if (headerNames.contains(lower)) {
        value = HeaderRedaction.redact(lower, value, rules.marker());
      } else if (URL_HEADERS.contains(lower)) {
        value = QueryRedaction.redactUrl(value, queryNames, encodedMarker);
      }
      if (!value.equals(h.value())) {
        out[i] = new Header(h.name(), value);
        changed = true;
      }
    }
    return changed ? new Headers(java.util.List.of(out)) : headers;
  }

  private static boolean isForm(Headers headers) {
    return headers
        .first("Content-Type")
        .map(v -> v.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
        .orElse(false);
  }

  private static Set<String> lowerCase(java.util.List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }
}
