package dev.spotter.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import dev.spotter.store.StoredGuard;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Guards in the store: pinned to an incident, switched on and off, never silently lost. */
public final class Guards {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Clock clock;

  public Guards(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Pins a request to an incident.
   *
   * @throws SpotterException {@code incident.unknown} when the incident does not exist; {@code
   *     guard.invalid} when the name is empty
   */
  public Guard add(long incidentId, String name, HttpRequestData request, Expectation expectation) {
    Incident incident = new Incidents(store, clock).get(incidentId);
    if (name == null || name.isBlank()) {
      throw new SpotterException("guard.invalid", "a guard needs a name that says what it guards");
    }
    long id =
        store.addGuard(
            new StoredGuard(
                0,
                incidentId,
                name.strip(),
                requestJson(request),
                expectation.text(),
                true,
                clock.instant()));
    return new Guard(
        id,
        incidentId,
        incident.title(),
        name.strip(),
        request,
        expectation,
        true,
        clock.instant());
  }

  /** Every guard (or the active ones), oldest first, with the title of its incident. */
  public List<Guard> list(boolean activeOnly) {
    Map<Long, String> titles =
        store.incidents().stream()
            .collect(Collectors.toMap(i -> i.id(), i -> i.title(), (a, b) -> a));
    List<Guard> out = new ArrayList<>();
    for (StoredGuard g : store.guards(activeOnly)) {
      out.add(
          new Guard(
              g.id(),
              g.incidentId(),
              titles.getOrDefault(g.incidentId(), "incident " + g.incidentId()),
              g.name(),
              request(g.requestJson(), g.id()),
              expectation(g),
              g.active(),
              g.createdAt()));
    }
    return out;
  }

  /**
   * Switches a guard on or off.
   *
   * @throws SpotterException {@code guard.unknown} when there is none with that id
   */
  public void setActive(long id, boolean active) {
    if (!store.setGuardActive(id, active)) {
      throw new SpotterException(
          "guard.unknown", "there is no guard " + id + "; `spotter guard list` shows them");
    }
  }

  private static Expectation expectation(StoredGuard g) {
    try {
      return Expectation.parse(g.expectation());
    } catch (IllegalArgumentException e) {
      throw new SpotterException(
          "guard.unreadable",
          "guard " + g.id() + ": its expectation cannot be read: " + e.getMessage());
    }
  }

  /** The pinned request as JSON: method, URL, headers in order, body in base64. */
  static String requestJson(HttpRequestData r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("method", r.method());
    m.put("url", r.url());
    m.put(
        "headers", r.headers().entries().stream().map(h -> List.of(h.name(), h.value())).toList());
    m.put("body", Base64.getEncoder().encodeToString(r.body().bytes()));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a request is always serialisable", e);
    }
  }

  static HttpRequestData request(String json, long guardId) {
    try {
      var node = JSON.readTree(json);
      List<Header> headers = new ArrayList<>();
      node.path("headers")
          .forEach(h -> headers.add(new Header(h.get(0).asText(), h.get(1).asText())));
      return new HttpRequestData(
          node.path("method").asText(),
          node.path("url").asText(),
          new Headers(headers),
          Body.of(Base64.getDecoder().decode(node.path("body").asText(""))));
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new SpotterException(
          "guard.unreadable",
          "guard " + guardId + ": its request cannot be read: " + e.getMessage());
    }
  }
}
