package dev.spotter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.incident.Guard;
import dev.spotter.incident.GuardCheck;
import dev.spotter.incident.GuardCheckOutcome;
import dev.spotter.incident.Guards;
import dev.spotter.incident.KudosLog;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.HopByHopHeaders;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.proxy.UpstreamRequest;
import dev.spotter.proxy.UpstreamResponse;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The guards' part of a check: every active guard's request is sent to the candidate (and to the
 * primary and the secondary when its expectation compares with the old build, so that noise is told
 * from change as the check tells it), and its expectation checked. A failing guard fails the check,
 * naming the incident it protects against. The results go to {@code guards.json} beside the check's
 * reports.
 */
final class GuardRun {
  /**
   * One guard's verdict. {@code error} says the guard could not be judged (the old build did not
   * answer): not the candidate's failure, and no pass either. {@code skipped} says why it was not
   * sent (a method with side effects in a check that does not allow them).
   */
  record Result(Guard guard, GuardCheckOutcome outcome, String error, String skipped) {
    boolean failed() {
      return error == null && skipped == null && !outcome.passed();
    }
  }

  private static final java.util.Set<String> SAFE_METHODS =
      java.util.Set.of("GET", "HEAD", "OPTIONS");

  static final String FILE = "guards.json";

  private final Wiring wiring;
  private final ReplaySettings settings;
  private final PrintStream out;

  GuardRun(Wiring wiring, ReplaySettings settings, PrintStream out) {
    this.wiring = wiring;
    this.settings = settings;
    this.out = out;
  }

  /** Runs the active guards; returns their results (empty when there are none). */
  List<Result> run(Store store, Path reportDir) {
    List<Guard> guards = new Guards(store, Clock.systemUTC()).list(true);
    if (guards.isEmpty()) {
      try {
        Files.deleteIfExists(reportDir.resolve(FILE)); // an old file must not speak for this check
      } catch (IOException e) {
        // nothing to contradict then
      }
      return List.of();
    }
    ForwardTarget candidate = OptionValues.url("--candidate", settings.candidate());
    ForwardTarget primary = OptionValues.url("--primary", settings.primary());
    // without a secondary, the primary asked twice tells its own noise
    ForwardTarget secondary =
        settings.hasSecondary() ? OptionValues.url("--secondary", settings.secondary()) : primary;
    EndpointGrouper grouper = wiring.grouper();
    GuardCheck check = new GuardCheck(new ResponseDiffer(wiring.diffSettings()));
    List<Result> results = new ArrayList<>();
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      for (Guard g : guards) {
        String method = g.request().method();
        if (!SAFE_METHODS.contains(method) && !settings.allowSideEffects()) {
          results.add(
              new Result(
                  g,
                  new GuardCheckOutcome(false, "not sent"),
                  null,
                  method
                      + " has side effects; it is sent only by checks with --allow-side-effects"));
          continue;
        }
        String[] why = new String[1];
        HttpResponseData fromCandidate = send(client, candidate, g.request(), why);
        boolean compares = g.expectation().needsPrimary();
        HttpResponseData fromPrimary = compares ? send(client, primary, g.request(), why) : null;
        HttpResponseData fromSecondary =
            compares ? send(client, secondary, g.request(), why) : null;
        if (compares && (fromPrimary == null || fromSecondary == null)) {
          results.add(
              new Result(
                  g,
                  new GuardCheckOutcome(false, "not judged"),
                  "the old build gave no answer to compare with (" + why[0] + ")",
                  null));
          continue;
        }
        String path = HttpRequestData.pathAndQuery(g.request().url());
        int q = path.indexOf('?');
        GuardCheckOutcome outcome =
            check.check(
                g.expectation(),
                grouper.endpointOf(g.request().method(), q < 0 ? path : path.substring(0, q)),
                fromCandidate,
                fromPrimary,
                fromSecondary);
        results.add(
            new Result(
                g,
                fromCandidate == null
                    ? new GuardCheckOutcome(false, "The candidate gave no answer (" + why[0] + ").")
                    : outcome,
                null,
                null));
      }
    }
    print(results);
    write(results, reportDir);
    KudosLog kudos = new KudosLog(store, Clock.systemUTC());
    for (Result r : results) {
      if (r.failed()) {
        kudos.addFromSpotter(
            "Guard '"
                + r.guard().name()
                + "' caught the mistake of incident "
                + r.guard().incidentId()
                + " ("
                + r.guard().incidentTitle()
                + ") again, before it reached production",
            null);
      }
    }
    return results;
  }

  static boolean anyFailed(List<Result> results) {
    return results.stream().anyMatch(Result::failed);
  }

  static boolean anyError(List<Result> results) {
    return results.stream().anyMatch(r -> r.error() != null);
  }

  /**
   * The answer of one target, or null when none came (refused, timed out, reset), with why in
   * {@code why[0]}. The request is framed afresh: its own length, no encoding or expectation of the
   * recorded one.
   */
  private HttpResponseData send(
      UpstreamClient client, ForwardTarget target, HttpRequestData r, String[] why) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Host", target.upstream().hostHeader()));
    for (Header h : HopByHopHeaders.strip(r.headers()).entries()) {
      if (!h.is("Host")
          && !h.is("Content-Length")
          && !h.is("Content-Encoding")
          && !h.is("Expect")
          && !overridden(h)) {
        headers.add(h);
      }
    }
    headers.addAll(settings.overrideHeaders().entries());
    byte[] body = r.body().bytes();
    if (body.length > 0 || !SAFE_METHODS.contains(r.method())) {
      headers.add(new Header("Content-Length", Integer.toString(body.length)));
    }
    UpstreamRequest request =
        new UpstreamRequest(
            r.method(),
            target.requestTarget(HttpRequestData.pathAndQuery(r.url())),
            new Headers(headers),
            body);
    try {
      UpstreamResponse answer =
          client
              .send(target.upstream(), request, settings.timeout())
              .get(settings.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      return new HttpResponseData(
          answer.status(),
          answer.headers(),
          new Body(answer.body(), answer.bodySize(), answer.truncated()));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      why[0] = target.url() + ": " + (cause.getMessage() != null ? cause.getMessage() : cause);
      return null;
    } catch (TimeoutException e) {
      why[0] = target.url() + ": no answer within " + settings.timeout().toMillis() + " ms";
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why[0] = "interrupted";
      return null;
    }
  }

  private boolean overridden(Header h) {
    return settings.overrideHeaders().entries().stream().anyMatch(o -> h.is(o.name()));
  }

  private void print(List<Result> results) {
    long failed = results.stream().filter(Result::failed).count();
    long errors = results.stream().filter(r -> r.error() != null).count();
    long skipped = results.stream().filter(r -> r.skipped() != null).count();
    long passed = results.size() - failed - errors - skipped;
    out.println();
    out.println(
        "Guards: "
            + passed
            + " of "
            + results.size()
            + " passed"
            + (errors > 0 ? ", " + errors + " could not be judged" : "")
            + (skipped > 0 ? ", " + skipped + " not sent" : "")
            + (failed > 0 ? "; the check fails" : "."));
    for (Result r : results) {
      out.println(
          "  ["
              + (r.error() != null
                  ? "ERROR"
                  : r.skipped() != null ? "skip" : r.outcome().passed() ? "pass" : "FAIL")
              + "] guard "
              + r.guard().id()
              + " '"
              + r.guard().name()
              + "', against incident "
              + r.guard().incidentId()
              + " ("
              + r.guard().incidentTitle()
              + ")"
              + (r.error() != null
                  ? ": " + r.error()
                  : r.skipped() != null
                      ? ": " + r.skipped()
                      : r.outcome().passed() ? "" : ": " + r.outcome().reason()));
    }
  }

  private static void write(List<Result> results, Path reportDir) {
    ObjectMapper json = new ObjectMapper();
    ArrayNode list = json.createArrayNode();
    for (Result r : results) {
      ObjectNode n = list.addObject();
      n.put("id", r.guard().id());
      n.put("name", r.guard().name());
      n.put("incident_id", r.guard().incidentId());
      n.put("incident", r.guard().incidentTitle());
      n.put("request", r.guard().request().method() + " " + r.guard().request().url());
      n.put("expectation", r.guard().expectation().text());
      n.put("passed", r.error() == null && r.skipped() == null && r.outcome().passed());
      if (r.error() != null) {
        n.put("error", r.error());
      } else if (r.skipped() != null) {
        n.put("skipped", r.skipped());
      } else {
        n.put("reason", r.outcome().reason());
      }
    }
    ObjectNode doc = json.createObjectNode();
    doc.put("passed", results.stream().noneMatch(Result::failed));
    doc.set("guards", list);
    try {
      Files.createDirectories(reportDir);
      Files.writeString(
          reportDir.resolve(FILE), json.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    } catch (IOException e) {
      throw new SpotterException(
          "report.write_failed",
          "cannot write " + reportDir.resolve(FILE) + ": " + e.getMessage(),
          false,
          e);
    }
  }
}
