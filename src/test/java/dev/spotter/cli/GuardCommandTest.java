package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.capture.RedactionRules;
import dev.spotter.capture.Redactor;
import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.web.DashboardServer;
import dev.spotter.web.DashboardSettings;
import dev.spotter.web.MapMaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a bad deploy to a guard: the request that broke production is pinned to its post-mortem, and
 * every later check against a build that breaks it again fails, naming the incident.
 */
class GuardCommandTest {
  @TempDir Path dir;

  private Cli.Result spotter(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = dir.resolve("s.db").toString();
    return Cli.run(all);
  }

  @Test
  void aGuardFailsEveryCheckOfABuildThatBreaksItAgainNamingTheIncident() throws Exception {
    try (LegacyOrdersService old = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService old2 = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService broken = LegacyOrdersService.start(Build.NEW, 0)) {
      corpusOfOneHarmlessRequest();
      assertThat(
              spotter(
                      "incident", "new",
                      "--title", "Orders of unknown customers answered 500",
                      "--severity", "sev2")
                  .exitCode())
          .isZero();
      Cli.Result added =
          spotter(
              "guard", "add",
              "--incident", "1",
              "--name", "unknown customer's orders stay a 404",
              "--request", "GET /customers/999999/orders",
              "--header", "Authorization: Bearer guard-token",
              "--expect", "status 404");
      assertThat(added.exitCode()).as(added.toString()).isZero();
      Cli.Result sameGuard =
          spotter(
              "guard", "add",
              "--incident", "1",
              "--name", "a known customer's orders as before",
              "--request", "GET /customers/1001/orders",
              "--header", "Authorization: Bearer guard-token",
              "--expect", "same");
      assertThat(sameGuard.exitCode()).as(sameGuard.toString()).isZero();

      Path report = dir.resolve("report");
      Cli.Result check =
          spotter(
              "check",
              "--corpus",
              "c",
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              broken.baseUri().toString(),
              "--report",
              report.toString());

      assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
      assertThat(check.out())
          .contains("FAIL: 1 of 2 guards failed.")
          .contains("Guards: 1 of 2 passed; the check fails")
          .contains("[FAIL] guard 1 'unknown customer's orders stay a 404', against incident 1")
          .contains("Expected status 404, got 500");
      assertThat(report.resolve("guards.json")).doesNotExist();
      String runId = runIdOf(check);
      assertFailedByTheGuard(report, runId);

      // the stored run says the same: the list, the reports written again, the dashboard
      assertThat(spotter("runs").out()).containsPattern(runId + "\\s+check\\s+fail");
      Path again = dir.resolve("again");
      Cli.Result rewritten = spotter("report", "--run", runId, "--report", again.toString());
      assertThat(rewritten.exitCode()).as(rewritten.toString()).isZero();
      assertFailedByTheGuard(again, runId); // the stored copy names its run too
      try (Store store = SqliteStore.open(dir.resolve("s.db"));
          DashboardServer dashboard =
              DashboardServer.start(
                  new DashboardSettings("127.0.0.1", 0, null, "c"),
                  store,
                  Clock.systemUTC(),
                  new MapMaker(
                      new EndpointGrouper(List.of()), HttpResponseData::body, Clock.systemUTC()),
                  new Redactor(RedactionRules.defaults())::redact)) {
        String runPage = get(dashboard, "/runs/" + runId);
        assertThat(runPage)
            .contains("<span class=\"tag reg\">fail</span>")
            .contains("unknown customer's orders stay a 404")
            .contains("href=\"/incidents/1\"", "Orders of unknown customers answered 500")
            .contains("Expected status 404, got 500");
        assertThat(get(dashboard, "/"))
            .doesNotContain("None of the last")
            .contains("1 of the last 1 check run found a regression or failed a guard")
            .contains("/runs/" + runId)
            .contains("the mistake of <a href=\"/incidents/1\">incident 1</a>");
      }
      assertThat(guardKudos()).hasSize(1);
      assertThat(guardKudos().get(0))
          .contains(
              "Guard 'unknown customer's orders stay a 404' caught the mistake of incident 1",
              "run " + runId);

      // the same check again (a CI retry) is the same catch: no second kudos
      Cli.Result retry =
          spotter(
              "check",
              "--corpus",
              "c",
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              broken.baseUri().toString(),
              "--report",
              report.toString());
      assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(1);
      assertThat(guardKudos()).hasSize(1);

      // against the old build itself, the guard holds
      Cli.Result oldAgain =
          spotter(
              "check",
              "--corpus",
              "c",
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              old2.baseUri().toString(),
              "--report",
              report.toString());
      assertThat(oldAgain.out()).contains("Guards: 2 of 2 passed.", "PASS: no regression.");
      assertThat(oldAgain.exitCode()).as(oldAgain.toString()).isZero();
      JsonNode passing = new ObjectMapper().readTree(report.resolve("report.json").toFile());
      assertThat(passing.at("/summary/verdict").asText()).isEqualTo("pass");
      assertThat(passing.get("guards")).hasSize(2);
      assertThat(passing.at("/guards/0/outcome").asText()).isEqualTo("passed");
      assertThat(Files.readString(report.resolve("junit.xml")))
          .contains("failures=\"0\"", "spotter.guards", "\"spotter.verdict\" value=\"pass\"");
      assertThat(Files.readString(report.resolve("summary.md")))
          .startsWith("### ✅ Spotter check passed");
      assertThat(spotter("runs").out()).containsPattern(runIdOf(oldAgain) + "\\s+check\\s+pass");
      assertThat(guardKudos()).hasSize(1);

      assertThat(spotter("guard", "disable", "1").exitCode()).isZero();
      assertThat(spotter("guard", "list").out()).contains("1  disabled", "2  active");
      Cli.Result withoutIt =
          spotter(
              "check",
              "--corpus",
              "c",
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              broken.baseUri().toString(),
              "--report",
              report.toString());
      assertThat(withoutIt.out()).contains("Guards: 1 of 1 passed.");
    }
  }

  /** A check of a stream ends where a check of a corpus does, so its guards judge it alike. */
  @Test
  void aCheckFromKafkaRunsTheGuardsAndFailsOnThemToo() throws Exception {
    try (KafkaBroker kafka = KafkaBroker.start();
        LegacyOrdersService old = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService old2 = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService broken = LegacyOrdersService.start(Build.NEW, 0)) {
      corpusOfOneHarmlessRequest();
      spotter(
          "incident",
          "new",
          "--title",
          "Orders of unknown customers answered 500",
          "--severity",
          "sev2");
      Cli.Result added =
          spotter(
              "guard", "add",
              "--incident", "1",
              "--name", "unknown customer's orders stay a 404",
              "--request", "GET /customers/999999/orders",
              "--header", "Authorization: Bearer guard-token",
              "--expect", "status 404");
      assertThat(added.exitCode()).as(added.toString()).isZero();
      Path report = dir.resolve("report");

      Cli.Result check =
          spotter(
              "check",
              "--corpus",
              "c",
              "--via",
              kafka.address("guarded"),
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              broken.baseUri().toString(),
              "--report",
              report.toString());

      assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
      assertThat(check.out()).contains("published  1 exchanges", "FAIL: 1 of 1 guard failed.");
      JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
      assertThat(json.at("/run/source").asText()).startsWith("stream kafka://");
      assertThat(json.at("/summary/verdict").asText()).isEqualTo("fail");
      assertThat(json.at("/guards/0/outcome").asText()).isEqualTo("failed");
      assertThat(spotter("runs").out()).containsPattern(runIdOf(check) + "\\s+check\\s+fail");
    }
  }

  @Test
  void aGuardWithABodyIsSentWholeAndOnlyByChecksThatAllowSideEffects() throws Exception {
    try (LegacyOrdersService old = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService old2 = LegacyOrdersService.start(Build.OLD, 0)) {
      corpusOfOneHarmlessRequest();
      spotter("incident", "new", "--title", "Orders were refused", "--severity", "sev1");
      Cli.Result added =
          spotter(
              "guard", "add",
              "--incident", "1",
              "--name", "an order is accepted",
              "--request", "POST /orders",
              "--header", "Authorization: Bearer guard-token",
              "--header", "Content-Type: application/json",
              "--body",
                  "{\"customerId\": 1001, \"items\": [{\"sku\": \"SKU-10001\", \"quantity\": 1}]}",
              "--expect", "status 202");
      assertThat(added.exitCode()).as(added.toString()).isZero();
      String[] check = {
        "check",
        "--corpus",
        "c",
        "--primary",
        old.baseUri().toString(),
        "--secondary",
        old2.baseUri().toString(),
        "--candidate",
        old2.baseUri().toString(),
        "--report",
        dir.resolve("report").toString()
      };

      Cli.Result withoutSideEffects = spotter(check);
      assertThat(withoutSideEffects.out())
          .contains("Guards: 0 of 1 passed, 1 not sent.")
          .contains("[skip] guard 1");
      assertThat(withoutSideEffects.exitCode()).isZero();
      int accepted = old2.ordersAccepted();

      String[] allowing = java.util.Arrays.copyOf(check, check.length + 1);
      allowing[check.length] = "--allow-side-effects";
      Cli.Result withThem = spotter(allowing);
      assertThat(withThem.out()).contains("Guards: 1 of 1 passed.");
      // the body arrived whole (the service parsed it and took the order)
      assertThat(old2.ordersAccepted()).isGreaterThan(accepted);
    }
  }

  @Test
  void aGuardNeedsAnIncidentARequestAndAnExpectationThatParses() {
    Cli.Result noIncident =
        spotter(
            "guard",
            "add",
            "--incident",
            "4",
            "--name",
            "x",
            "--request",
            "GET /x",
            "--expect",
            "status 200");
    assertThat(noIncident.exitCode()).isEqualTo(2);
    assertThat(noIncident.err()).contains("there is no incident 4");

    Cli.Result badExpect =
        spotter(
            "guard",
            "add",
            "--incident",
            "1",
            "--name",
            "x",
            "--request",
            "GET /x",
            "--expect",
            "statsu 200");
    assertThat(badExpect.exitCode()).isEqualTo(2);
    assertThat(badExpect.err()).contains("--expect", "statsu 200");

    Cli.Result twoSources =
        spotter(
            "guard",
            "add",
            "--incident",
            "1",
            "--name",
            "x",
            "--request",
            "GET /x",
            "--corpus",
            "c",
            "--expect",
            "same");
    assertThat(twoSources.err()).contains("needs one request");
  }

  /**
   * Every report of a check whose only failure is the guard says it failed, naming the incident:
   * report.json, junit.xml (what CI reads), summary.md and report.html.
   */
  private static void assertFailedByTheGuard(Path report, String runId) throws Exception {
    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    if (runId != null) {
      assertThat(json.at("/run/id").asText()).isEqualTo(runId);
    }
    assertThat(json.at("/summary/verdict").asText()).isEqualTo("fail");
    assertThat(json.at("/summary/regressions").asLong()).isZero(); // the guard alone failed it
    JsonNode failed = json.get("guards").get(0);
    assertThat(failed.get("guardId").asLong()).isEqualTo(1);
    assertThat(failed.get("incidentId").asLong()).isEqualTo(1);
    assertThat(failed.get("incident").asText())
        .isEqualTo("Orders of unknown customers answered 500");
    assertThat(failed.get("expectation").asText()).isEqualTo("status 404");
    assertThat(failed.get("outcome").asText()).isEqualTo("failed");
    assertThat(failed.get("reason").asText()).contains("Expected status 404, got 500");
    assertThat(json.at("/guards/1/outcome").asText()).isEqualTo("passed");

    String junit = Files.readString(report.resolve("junit.xml"));
    assertThat(junit)
        .contains("<testsuites name=\"spotter\" tests=")
        .contains("failures=\"1\"")
        .contains("<property name=\"spotter.verdict\" value=\"fail\"/>")
        .contains("classname=\"spotter.guards\"")
        .contains("<failure type=\"guard\"")
        .contains("incident 1 (Orders of unknown customers answered 500) is back");
    assertThat(Files.readString(report.resolve("summary.md")))
        .startsWith(
            "### ❌ Spotter check failed: Guard 'unknown customer's orders stay a 404' failed")
        .contains("incident 1 (Orders of unknown customers answered 500)")
        .contains("❌ guard 1");
    assertThat(Files.readString(report.resolve("report.html")))
        .contains("<span class=\"pill\">Fail</span>")
        .contains("<section id=\"guards\" class=\"card\"><h2>Guards</h2>")
        .contains("incident 1: Orders of unknown customers answered 500");
  }

  private static String runIdOf(Cli.Result check) {
    Matcher m = Pattern.compile("Run saved as (\\S+):").matcher(check.out());
    assertThat(m.find()).as(check.out()).isTrue();
    return m.group(1);
  }

  private List<String> guardKudos() {
    return spotter("kudos", "list")
        .out()
        .lines()
        .filter(l -> l.contains("Guard 'unknown customer's orders stay a 404' caught"))
        .toList();
  }

  private static String get(DashboardServer dashboard, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  /**
   * One request no planted change touches (an order search), so that a guard alone fails these
   * checks: a product's request would carry the planted price change, which asking again decides.
   */
  private void corpusOfOneHarmlessRequest() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"))) {
      store.append(
          "c",
          List.of(
              new Exchange(
                  "e1",
                  new HttpRequestData(
                      "GET",
                      "http://orders.example/orders?customer=1001",
                      new Headers(List.of(new Header("Authorization", "Bearer t"))),
                      Body.EMPTY),
                  new HttpResponseData(200, Headers.EMPTY, Body.EMPTY),
                  Instant.parse("2026-11-20T10:00:00Z"),
                  1000,
                  "test")));
    }
  }
}
