package dev.spotter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.incident.Guard;
import dev.spotter.incident.Guards;
import dev.spotter.incident.Incident;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.Incidents;
import dev.spotter.incident.Severity;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinning a guard to an incident in the browser, as {@code spotter guard add} does. */
class GuardFormsTest {
  static final String XSS = "<script>alert(1)</script>";
  static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

  @TempDir Path dir;
  Dashboard d;
  Incident incident;

  @BeforeEach
  void start() {
    d = new Dashboard(dir);
    IncidentDraft draft = new IncidentDraft();
    draft.title = "Orders of unknown customers answered 500";
    draft.severity = Severity.SEV2;
    draft.started = Instant.parse("2026-11-20T14:03:00Z");
    draft.contributingFactors.add("No replayed traffic covered unknown customers");
    incident = new Incidents(d.store, d.clock).create(draft.build());
  }

  @AfterEach
  void stop() {
    d.close();
  }

  List<Guard> guards() {
    return new Guards(d.store, d.clock).list(false);
  }

  static Map<String, String> written() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", "unknown customer's orders stay a 404");
    f.put("expect", "status 404");
    f.put("corpus", "");
    f.put("exchange", "");
    f.put("method", "get");
    f.put("path", "/customers/999999/orders?expand=lines");
    f.put("headers", "Accept: application/json\r\nAuthorization: Bearer secret-token");
    f.put("body", "");
    return f;
  }

  @Test
  void aWrittenRequestIsPinnedRedactedAndListedOnTheIncidentAndGuardsPages() {
    HttpResponse<String> r = d.post("/incidents/" + incident.id() + "/guards", written());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/incidents/1#guards");

    Guard g = guards().get(0);
    assertThat(g.incidentId()).isEqualTo(incident.id());
    assertThat(g.request().method()).isEqualTo("GET");
    assertThat(g.request().url()).isEqualTo("/customers/999999/orders?expand=lines");
    assertThat(g.request().headers().first("Accept")).hasValue("application/json");
    // credentials are not stored, as in any corpus
    assertThat(g.request().headers().first("Authorization"))
        .hasValueSatisfying(v -> assertThat(v).doesNotContain("secret-token"));
    assertThat(g.expectation().text()).isEqualTo("status 404");
    assertThat(g.active()).isTrue();

    assertThat(d.get("/incidents/1").body())
        .contains("unknown customer's orders stay a 404", "status 404", "active");
    assertThat(d.get("/guards").body())
        .contains("unknown customer's orders stay a 404", "Orders of unknown customers");
  }

  @Test
  void aRequestFromACorpusIsPinnedByItsExchangeId() {
    d.store.append(
        "orders",
        List.of(
            new Exchange(
                "e7",
                new HttpRequestData(
                    "POST",
                    "http://orders.example/orders",
                    new Headers(List.of(new Header("Content-Type", "application/json"))),
                    Body.of("{\"sku\":\"SKU-1\"}".getBytes(StandardCharsets.UTF_8))),
                new HttpResponseData(201, Headers.EMPTY, Body.EMPTY),
                Instant.parse("2026-11-20T10:00:00Z"),
                1000,
                "test")));
    Map<String, String> f = written();
    f.put("method", "GET");
    f.put("path", "");
    f.put("headers", "");
    f.put("corpus", "orders");
    f.put("exchange", "1"); // a stored exchange's id is its row's
    f.put("expect", "exists $.id");
    HttpResponse<String> r = d.post("/incidents/1/guards", f);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    Guard g = guards().get(0);
    assertThat(g.request().method()).isEqualTo("POST");
    assertThat(g.request().body().utf8()).isEqualTo("{\"sku\":\"SKU-1\"}");
    assertThat(g.expectation().text()).isEqualTo("exists $.id");
  }

  @Test
  void invalidInputIsRefusedWith422TheReasonsAndTheUsersTextAndNothingIsSaved() {
    Map<String, String> f = written();
    f.put("expect", "statsu 404");
    f.put("path", "customers/999999/orders");
    f.put("headers", "Accept application/json");
    HttpResponse<String> r = d.post("/incidents/1/guards", f);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("No guard was added")
        .contains("expectation: 'statsu 404' is not an expectation")
        .contains("path: 'customers/999999/orders' is not a path")
        .contains("headers line 1: 'Accept application/json': write 'Name: value'")
        // the user's text comes back
        .contains("value=\"statsu 404\"", "value=\"customers/999999/orders\"");
    assertThat(guards()).isEmpty();

    Map<String, String> both = written();
    both.put("corpus", "orders");
    both.put("exchange", "e1");
    assertThat(d.post("/incidents/1/guards", both).body()).contains("not both");
    Map<String, String> neither = written();
    neither.put("path", "");
    neither.put("headers", "");
    assertThat(d.post("/incidents/1/guards", neither).body()).contains("give the request");
    Map<String, String> noCorpus = written();
    noCorpus.put("path", "");
    noCorpus.put("headers", "");
    noCorpus.put("corpus", "nowhere");
    noCorpus.put("exchange", "e1");
    HttpResponse<String> missing = d.post("/incidents/1/guards", noCorpus);
    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(missing.body()).contains("nowhere");
    Map<String, String> noName = written();
    noName.put("name", " ");
    HttpResponse<String> unnamed = d.post("/incidents/1/guards", noName);
    assertThat(unnamed.statusCode()).isEqualTo(422);
    assertThat(unnamed.body()).contains("name: a guard needs a name");
    assertThat(guards()).isEmpty();
  }

  @Test
  void aGuardFormWithoutTheCsrfTokenIsForbiddenAndSavesNothing() {
    d.get("/");
    assertThat(d.postRaw("/incidents/1/guards", written()).statusCode()).isEqualTo(403);
    assertThat(guards()).isEmpty();
    d.post("/incidents/1/guards", written());
    assertThat(d.postRaw("/guards/1/disable", Map.of()).statusCode()).isEqualTo(403);
    assertThat(guards().get(0).active()).isTrue();
  }

  @Test
  void aGuardIsDisabledAndEnabledFromTheBrowserAndTheButtonLeadsBack() {
    d.post("/incidents/1/guards", written());
    HttpResponse<String> off = d.post("/guards/1/disable", Map.of("back", "/incidents/1"));
    assertThat(off.statusCode()).isEqualTo(303);
    assertThat(off.headers().firstValue("Location")).hasValue("/incidents/1");
    assertThat(guards().get(0).active()).isFalse();
    assertThat(d.get("/incidents/1").body()).contains("disabled", "/guards/1/enable");

    HttpResponse<String> on = d.post("/guards/1/enable", Map.of("back", "https://evil.example/"));
    assertThat(on.headers().firstValue("Location")).hasValue("/guards"); // never elsewhere
    assertThat(guards().get(0).active()).isTrue();
    assertThat(d.post("/guards/9/enable", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void scriptsTypedIntoTheGuardFormAreShownAsText() {
    Map<String, String> f = written();
    f.put("name", "stays a 404 " + XSS);
    f.put("path", "/customers/" + XSS);
    f.put("expect", "equals $.note " + XSS);
    HttpResponse<String> refused = d.post("/incidents/1/guards", f);
    assertThat(refused.statusCode()).isEqualTo(422); // the value is not JSON
    assertThat(refused.body()).doesNotContain(XSS).contains(ESCAPED);

    f.put("expect", "equals $.note \"" + XSS + "\"");
    assertThat(d.post("/incidents/1/guards", f).statusCode()).isEqualTo(303);
    for (String page : List.of("/incidents/1", "/guards")) {
      assertThat(d.get(page).body()).as(page).doesNotContain("<script>").contains(ESCAPED);
    }
  }

  @Test
  void aPostMortemIsExportedAsMarkdownFromItsPage() {
    assertThat(d.get("/incidents/1").body()).contains("href=\"/incidents/1/export.md\"");
    HttpResponse<String> md = d.get("/incidents/1/export.md");
    assertThat(md.statusCode()).isEqualTo(200);
    assertThat(md.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
    assertThat(md.body())
        .startsWith("# Orders of unknown customers answered 500\n")
        .contains("*Incident 1 · SEV2 · open*")
        .contains("- No replayed traffic covered unknown customers")
        .contains("This review is blameless");
    assertThat(d.get("/incidents/9/export.md").statusCode()).isEqualTo(404);
  }
}
