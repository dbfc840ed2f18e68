package dev.spotter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.Incident;
import dev.spotter.incident.Incidents;
import dev.spotter.incident.KudosLog;
import dev.spotter.incident.Severity;
import dev.spotter.model.SpotterException;
import dev.spotter.web.view.Show;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentFormsTest {
  @TempDir Path dir;
  Dashboard d;

  @BeforeEach
  void start() {
    d = new Dashboard(dir);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  Incidents incidents() {
    return new Incidents(d.store, d.clock);
  }

  static Map<String, String> form() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("title", "Checkout answered 502");
    f.put("severity", "sev2");
    f.put("status", "resolved");
    f.put("started", "2026-11-20 14:03");
    f.put("detected", "2026-11-20 14:13");
    f.put("resolved", "2026-11-20 15:00");
    f.put("summary", "Checkout failed for a third of users");
    f.put(
        "factors", "No replay covered the new gateway\nThe 5xx alert looked at the whole service");
    f.put("timeline", "2026-11-20 14:05 = Error rate alert fired\n2026-11-20 14:40 = Rolled back");
    f.put("wentWell", "Rollback took five minutes");
    f.put("actions", "prevent | payments | 2020-01-01 | Guard the gateway request | open");
    return f;
  }

  @Test
  void createsAnIncidentThroughTheForm() {
    HttpResponse<String> r = d.post("/incidents", form());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    Incident saved = incidents().list().get(0);
    assertThat(location).isEqualTo("/incidents/" + saved.id());
    assertThat(saved.title()).isEqualTo("Checkout answered 502");
    assertThat(saved.severity()).isEqualTo(Severity.SEV2);
    assertThat(saved.resolved()).isEqualTo(Instant.parse("2026-11-20T15:00:00Z"));
    assertThat(saved.contributingFactors()).hasSize(2);
    assertThat(saved.timeline()).hasSize(2);
    // a due date in the past is allowed: an item can be late
    assertThat(saved.actionItems())
        .singleElement()
        .satisfies(a -> assertThat(a.owner()).isEqualTo("payments"));
    assertThat(d.get(location).body()).contains("Rolled back", "Guard the gateway request");
  }

  @Test
  void editsAnIncidentThroughTheFormAgainstItsVersion() {
    d.post("/incidents", form());
    Incident saved = incidents().list().get(0);
    Map<String, String> edit = form();
    edit.put("version", Long.toString(saved.version()));
    edit.put("summary", "Checkout failed for a third of users in the EU");
    edit.put("actions", "prevent | payments | 2020-01-01 | Guard the gateway request | done");
    HttpResponse<String> r = d.post("/incidents/" + saved.id(), edit);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    Incident edited = incidents().get(saved.id());
    assertThat(edited.version()).isEqualTo(saved.version() + 1);
    assertThat(edited.summary()).endsWith("in the EU");
    assertThat(edited.actionItems().get(0).status()).isEqualTo(ActionItem.Status.DONE);
    // closing an item thanks its owner in the kudos log, as the command line does
    assertThat(new KudosLog(d.store, d.clock).latest(5))
        .anySatisfy(k -> assertThat(k.what()).contains("Guard the gateway request"));
  }

  @Test
  void aStaleEditIsRefusedWithTheMessageAndLosesNothing() {
    d.post("/incidents", form());
    Incident loaded = incidents().list().get(0);
    // someone else saves first
    incidents().edit(loaded.id(), dr -> dr.summary = "Their words");
    Map<String, String> mine = form();
    mine.put("version", Long.toString(loaded.version()));
    mine.put("summary", "My words");
    HttpResponse<String> r = d.post("/incidents/" + loaded.id(), mine);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body())
        .contains("was changed by someone else since version " + loaded.version())
        .contains("Nothing was saved")
        .contains("My words"); // the user's input comes back
    assertThat(incidents().get(loaded.id()).summary()).isEqualTo("Their words");
  }

  @Test
  void anInvalidFormIsShownAgainWithTheMessageAndNothingIsSaved() {
    Map<String, String> f = form();
    f.put("resolved", "2026-11-20 13:00"); // before the start
    HttpResponse<String> r = d.post("/incidents", f);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("is before the start", "Checkout answered 502", "2026-11-20 13:00");
    assertThat(incidents().list()).isEmpty();

    Map<String, String> badTime = form();
    badTime.put("started", "yesterday");
    HttpResponse<String> r2 = d.post("/incidents", badTime);
    assertThat(r2.statusCode()).isEqualTo(422);
    assertThat(r2.body()).contains("'yesterday' is not a time");
    assertThat(incidents().list()).isEmpty();
  }

  @Test
  void anInvalidEditChangesNothing() {
    d.post("/incidents", form());
    Incident saved = incidents().list().get(0);
    Map<String, String> edit = form();
    edit.put("version", Long.toString(saved.version()));
    edit.put("factors", "human error");
    HttpResponse<String> r = d.post("/incidents/" + saved.id(), edit);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("points at a person");
    assertThat(incidents().get(saved.id())).isEqualTo(saved);
  }

  @Test
  void aPostWithoutTheCsrfTokenIsForbiddenAndSavesNothing() {
    d.get("/"); // the browser has its cookie, but a forged form cannot know the value
    HttpResponse<String> noField = d.postRaw("/incidents", form());
    assertThat(noField.statusCode()).isEqualTo(403);
    Map<String, String> wrong = form();
    wrong.put("csrf", "x".repeat(43));
    assertThat(d.postRaw("/incidents", wrong).statusCode()).isEqualTo(403);
    assertThat(d.postRaw("/kudos", Map.of("who", "Ada", "what", "forged")).statusCode())
        .isEqualTo(403);
    assertThat(incidents().list()).isEmpty();
    assertThat(new KudosLog(d.store, d.clock).latest(5)).isEmpty();
  }

  @Test
  void kudosAreAddedThroughTheFormAndBadInputIsShownAgain() {
    HttpResponse<String> r =
        d.post("/kudos", Map.of("who", "Ada", "what", "Wrote the guard", "link", ""));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(d.get("/kudos").body()).contains("Wrote the guard");
    HttpResponse<String> bad =
        d.post("/kudos", Map.of("who", "Bob", "what", "Fixed it", "link", "ftp://x"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("must start with http", "Fixed it");
    assertThat(new KudosLog(d.store, d.clock).latest(5)).hasSize(1);
  }

  @Test
  void kudosCarryTheDateTheyAreForWhichTheFormStartsAtNowAndNeverInTheFuture() {
    String now = Show.formTime(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    assertThat(d.get("/kudos").body()).contains("name=\"when\" value=\"" + now.substring(0, 10));
    HttpResponse<String> r =
        d.post(
            "/kudos",
            Map.of("who", "Ada", "what", "Wrote the guard", "link", "", "when", "2026-01-15"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(new KudosLog(d.store, d.clock).latest(1).get(0).at())
        .isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
    assertThat(d.get("/kudos").body()).contains("2026-01-15 00:00 UTC");

    HttpResponse<String> future =
        d.post("/kudos", Map.of("who", "Bob", "what", "Fixed it", "when", "2999-01-01 10:00"));
    assertThat(future.statusCode()).isEqualTo(422);
    assertThat(future.body()).contains("lies in the future", "2999-01-01 10:00", "Fixed it");
    HttpResponse<String> bad =
        d.post("/kudos", Map.of("who", "Bob", "what", "Fixed it", "when", "last week"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("is not a date or a time");
    assertThat(new KudosLog(d.store, d.clock).latest(5)).hasSize(1);
  }

  @Test
  void unknownIncidentCannotBeEdited() {
    assertThatThrownBy(() -> incidents().get(42)).isInstanceOf(SpotterException.class);
    assertThat(d.post("/incidents/42", form()).statusCode()).isEqualTo(404);
  }
}
