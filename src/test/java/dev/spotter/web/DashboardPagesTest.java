package dev.spotter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.DeployResult;
import dev.spotter.incident.Deployment;
import dev.spotter.incident.Deployments;
import dev.spotter.incident.Expectation;
import dev.spotter.incident.Guards;
import dev.spotter.incident.Incident;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.Incidents;
import dev.spotter.incident.KudosLog;
import dev.spotter.incident.Severity;
import dev.spotter.incident.TimelineEntry;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.store.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardPagesTest {
  static final String XSS = "<script>alert(1)</script>";
  static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

  @TempDir Path dir;
  Dashboard d;
  Incident incident;
  String runId;

  @BeforeEach
  void fill() throws IOException {
    d = new Dashboard(dir);
    Instant now = Instant.now();
    IncidentDraft draft = new IncidentDraft();
    draft.title = "Orders answered 500 " + XSS;
    draft.severity = Severity.SEV2;
    draft.started = now.minus(Duration.ofDays(3));
    draft.detected = draft.started.plusSeconds(600);
    draft.contributingFactors.add("No replay covered unknown customers " + XSS);
    draft.timeline.add(new TimelineEntry(draft.started.plusSeconds(120), "Alert fired"));
    draft.actionItems.add(
        new ActionItem(
            "Guard the unknown-customer request",
            ActionItem.Kind.PREVENT,
            "orders-team",
            LocalDate.of(2020, 1, 1),
            ActionItem.Status.OPEN));
    incident = new Incidents(d.store, d.clock).create(draft.build());
    new Guards(d.store, d.clock)
        .add(
            incident.id(),
            "unknown customer stays a 404 " + XSS,
            new HttpRequestData("GET", "/customers/999/orders", Headers.EMPTY, Body.EMPTY),
            Expectation.parse("status 404"));
    Deployments deployments = new Deployments(d.store);
    for (int k = 1; k <= 6; k++) {
      Instant at = now.minus(Duration.ofDays(4L * k));
      deployments.record(
          new Deployment(
              0, "2." + k, at.minusSeconds(7200), at, DeployResult.SUCCESS, null, false, "cli"));
    }
    Instant rolled = now.minus(Duration.ofDays(2));
    deployments.record(
        new Deployment(
            0,
            "2.7",
            null,
            rolled,
            DeployResult.ROLLED_BACK,
            rolled.plusSeconds(900),
            false,
            "canary"));
    new KudosLog(d.store, d.clock).add(XSS, "wrote the guard " + XSS, "https://wiki.example/1");
    runId =
        d.store.saveRun(
            new StoredRun(
                null,
                "check",
                "corpus demo",
                now.minusSeconds(600),
                now.minusSeconds(540),
                "fail",
                120,
                3,
                fixture("/fixtures/report/golden/failing.json")));
    d.store.append(
        "default",
        List.of(
            new Exchange(
                "1",
                new HttpRequestData("GET", "/orders/1", Headers.EMPTY, Body.EMPTY),
                new HttpResponseData(
                    200, Headers.of("Content-Type", "application/json"), Body.of("{\"id\":1}")),
                now,
                5_000,
                "test")));
  }

  @AfterEach
  void stop() {
    d.close();
  }

  static String fixture(String resource) throws IOException {
    try (InputStream in = DashboardPagesTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void confidencePageShowsTheFiguresTrendsCatchesRollbacksIncidentsAndKudos() {
    HttpResponse<String> r = d.get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("deployment frequency", "change fail rate", "deployment rework rate")
        .contains("<svg class=\"trend\"", "<polyline", "<circle")
        .contains("Regressions caught before production", "/runs/" + runId)
        .contains("Canary rollbacks", "2.7")
        .contains("Guard the unknown-customer request", "orders-team")
        .contains("wrote the guard");
    assertThat(r.body()).doesNotContain("<script");
  }

  @Test
  void everyPageAnswersWithItsContent() {
    assertThat(d.get("/runs").body()).contains("/runs/" + runId, "corpus demo");
    assertThat(d.get("/runs/" + runId).body()).contains("/runs/" + runId + "/report");
    assertThat(d.get("/incidents").body()).contains("/incidents/" + incident.id());
    assertThat(d.get("/incidents/" + incident.id()).body())
        .contains("Alert fired", "Guard the unknown-customer request", "2020-01-01", "sev2");
    assertThat(d.get("/incidents/new").body()).contains("name=\"csrf\"", "name=\"actions\"");
    assertThat(d.get("/incidents/" + incident.id() + "/edit").body())
        .contains("prevent | orders-team | 2020-01-01 | Guard the unknown-customer request | open");
    assertThat(d.get("/guards").body()).contains("/customers/999/orders", "status 404");
    assertThat(d.get("/kudos").body()).contains("https://wiki.example/1");
    assertThat(d.get("/map").body()).contains("GET /orders/{id}", "check run " + runId, "$.id");
    for (String path :
        List.of(
            "/",
            "/runs",
            "/runs/" + runId,
            "/incidents",
            "/incidents/" + incident.id(),
            "/incidents/new",
            "/guards",
            "/kudos",
            "/map",
            "/map?corpus=default")) {
      HttpResponse<String> r = d.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
  }

  @Test
  void anUndecidedRunIsItsOwnVerdictWithItsCountsAndNeitherAPassNorACatch() throws IOException {
    String undecided =
        d.store.saveRun(
            new StoredRun(
                null,
                "check",
                "corpus nightly",
                Instant.now().minusSeconds(300),
                Instant.now().minusSeconds(240),
                "undecided",
                665,
                0,
                fixture("/fixtures/report/golden/undecided-after-asking.json")));

    assertThat(d.get("/runs").body())
        .contains(
            "<a href=\"/runs/"
                + undecided
                + "\">"
                + undecided
                + "</a></td><td>check</td><td>corpus nightly</td>")
        .contains(
            "<span class=\"tag look\">undecided</span> <span class=\"muted small\">2 findings"
                + " undecided</span>");
    assertThat(d.get("/runs/" + undecided).body())
        .contains(
            "<span class=\"tag look\">undecided</span> No regression shown, but 2 findings on 2"
                + " endpoints are undecided")
        .contains("<dt>Undecided</dt><dd>2 findings on 2 endpoints are undecided</dd>")
        .contains("<dt>Requests</dt><dd>665 requests: 630 compared, 35 skipped, 0 errors</dd>")
        .contains(
            "<dt>Coverage</dt><dd>4 endpoints: 1 decided on the recorded traffic alone, 1 after"
                + " asking again, 2 undecided; 1 not covered (POST is not replayed without"
                + " --allow-side-effects)</dd>")
        .contains("<dt>Asked again</dt><dd>112 exchanges for 7 requests in 3 rounds (3.2 s)")
        .doesNotContain("tag noise");
    String confidence = d.get("/").body();
    assertThat(confidence)
        .contains("/runs/" + runId)
        .doesNotContain("/runs/" + undecided + "\"")
        .contains(
            "1 of the last 2 check runs ended undecided: no regression shown, but findings"
                + " neither shown to be a change nor noise. They count neither as passes nor as"
                + " catches.");
  }

  @Test
  void theConfidencePageCountsShadowRunsThatFoundARegressionAsCaught() throws IOException {
    Instant now = Instant.now();
    String passing = fixture("/fixtures/report/golden/passing.json");
    String failing = fixture("/fixtures/report/golden/failing.json");
    d.store.saveRun(
        new StoredRun(
            null, "check", "corpus a", now.minusSeconds(500), now, "pass", 10, 0, passing));
    d.store.saveRun(
        new StoredRun(
            null, "check", "corpus b", now.minusSeconds(400), now, "pass", 10, 0, passing));
    String shadowOne =
        d.store.saveRun(
            new StoredRun(
                null,
                "shadow",
                "shadow :8080",
                now.minusSeconds(300),
                now,
                "fail",
                50,
                2,
                failing));
    String shadowTwo =
        d.store.saveRun(
            new StoredRun(
                null,
                "shadow",
                "shadow :8081",
                now.minusSeconds(200),
                now,
                "fail",
                40,
                1,
                failing));
    // a canary met real users: what it rolled back is listed apart, never as caught before
    d.store.saveRun(
        new StoredRun(
            null, "canary", "canary c1", now.minusSeconds(100), now, "rolled_back", 9, 1, "{}"));

    String confidence = d.get("/").body();
    assertThat(confidence)
        .contains("3 of the last 5 runs (3 checks, 2 shadows) found a regression or failed a guard")
        .contains("/runs/" + shadowOne + "\"", "/runs/" + shadowTwo + "\"", "/runs/" + runId)
        .contains("<td>shadow</td>")
        .doesNotContain("check runs found a regression");
  }

  @Test
  void withNothingCaughtTheConfidencePageSaysHowManyChecksAndShadowsItRead() throws IOException {
    try (Dashboard empty = new Dashboard(Files.createDirectories(dir.resolve("other")))) {
      Instant now = Instant.now();
      String passing = fixture("/fixtures/report/golden/passing.json");
      empty.store.saveRun(
          new StoredRun(
              null, "check", "corpus a", now.minusSeconds(9), now, "pass", 5, 0, passing));
      empty.store.saveRun(
          new StoredRun(
              null, "shadow", "shadow :8080", now.minusSeconds(8), now, "pass", 5, 0, passing));

      assertThat(empty.get("/").body())
          .contains(
              "None of the last 2 runs (1 check, 1 shadow) found a regression or failed a"
                  + " guard.");
    }
  }

  @Test
  void aRunPageServesTheCheckReportWithItsOwnStrictPolicy() {
    HttpResponse<String> r = d.get("/runs/" + runId + "/report");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("Spotter");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "'sha256-", "frame-ancestors 'none'");
  }

  @Test
  void scriptInjectionIsShownEscapedEverywhere() {
    for (String path :
        List.of(
            "/",
            "/incidents",
            "/incidents/" + incident.id(),
            "/incidents/" + incident.id() + "/edit",
            "/guards",
            "/kudos")) {
      String body = d.get(path).body();
      assertThat(body).as(path).contains(ESCAPED).doesNotContain(XSS);
    }
  }

  @Test
  void unknownThingsAreNotFoundPages() {
    for (String path :
        List.of("/incidents/999", "/incidents/abc", "/runs/nope", "/nowhere", "/map?corpus=x")) {
      HttpResponse<String> r = d.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).contains("Not found");
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
    }
  }

  @Test
  void aStoreErrorIsAServerErrorPageAndTheServerKeepsServing() {
    d.store.close(); // every read now fails
    HttpResponse<String> r = d.get("/incidents");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("Something went wrong");
    assertThat(d.get("/assets/dashboard.css").statusCode()).isEqualTo(200);
  }
}
