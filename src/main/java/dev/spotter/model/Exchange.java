package dev.spotter.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One request and the response production gave to it, the unit a corpus is made of.
 *
 * @param id stable identifier within its source: the store's row id, or {@code entry-N} for a HAR
 *     file read directly; reports cite it so a finding can be reproduced
 * @param request the request as captured (after redaction when it came through capture)
 * @param response the response as captured, or null when only the request is known
 * @param startedAt when the request started, or null when unknown
 * @param durationMicros how long the response took in microseconds, or -1 when unknown
 * @param source where it came from: {@code har:FILE}, {@code jsonl:FILE}, {@code record:HOST},
 *     {@code demo}
 */
public record Exchange(
    String id,
    HttpRequestData request,
    HttpResponseData response,
    Instant startedAt,
    long durationMicros,
    String source) {

  public Exchange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    source = source == null ? "" : source;
  }

  public Exchange withId(String newId) {
    return new Exchange(newId, request, response, startedAt, durationMicros, source);
  }

  public Exchange withRequest(HttpRequestData newRequest) {
    return new Exchange(id, newRequest, response, startedAt, durationMicros, source);
  }

  public Exchange withResponse(HttpResponseData newResponse) {
    return new Exchange(id, request, newResponse, startedAt, durationMicros, source);
  }
}
