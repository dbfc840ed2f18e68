package dev.spotter.cli;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.TargetOrigin;
import dev.spotter.incident.Guard;
import dev.spotter.incident.GuardCheck;
import dev.spotter.incident.GuardCheckOutcome;
import dev.spotter.incident.GuardKudos;
import dev.spotter.incident.Guards;
import dev.spotter.incident.KudosLog;
import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.HopByHopHeaders;
import dev.spotter.proxy.UpstreamClient;
import dev.spotter.proxy.UpstreamFailure;
import dev.spotter.proxy.UpstreamRequest;
import dev.spotter.proxy.UpstreamResponse;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.store.Store;
import java.io.IOException;
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
 * from change as the check tells it), and its expectation checked. It runs after the replay and
 * before the verdict: the outcomes become part of the check's result, so every report, the stored
 * run and the dashboard show the same verdict (see {@link dev.spotter.replay.CheckResult#verdict}).
 */
final class GuardRun {
  private static final java.util.Set<String> SAFE_METHODS =
      java.util.Set.of("GET", "HEAD", "OPTIONS");

  /** What checks before this one wrote beside their reports; report.json holds it now. */
  static final String OLD_FILE = "guards.json";

  private final Wiring wiring;
  private final ReplaySettings settings;

  GuardRun(Wiring wiring, ReplaySettings settings) {
    this.wiring = wiring;
    this.settings = settings;
  }

  /**
   * Sends the active guards and judges them; returns their outcomes (empty when there are none).
   */
  List<GuardOutcome> run(Store store) {
    List<Guard> guards = new Guards(store, Clock.systemUTC()).list(true);
    if (guards.isEmpty()) {
      return List.of();
    }
    ForwardTarget candidate = OptionValues.url("--candidate", settings.candidate());
    ForwardTarget primary = OptionValues.url("--primary", settings.primary());
    // without a secondary, the primary asked twice tells its own noise
    ForwardTarget secondary =
        settings.hasSecondary() ? OptionValues.url("--secondary", settings.secondary()) : primary;
    EndpointGrouper grouper = wiring.grouper();
    GuardCheck check = new GuardCheck(new ResponseDiffer(wiring.diffSettings()));
    List<GuardOutcome> results = new ArrayList<>();
    try (UpstreamClient client = new UpstreamClient(settings.clientSettings())) {
      for (Guard g : guards) {
        results.add(judge(g, client, check, grouper, candidate, primary, secondary));
      }
    }
    return results;
  }

  private GuardOutcome judge(
      Guard g,
      UpstreamClient client,
      GuardCheck check,
      EndpointGrouper grouper,
      ForwardTarget candidate,
      ForwardTarget primary,
      ForwardTarget secondary) {
    String method = g.request().method();
    if (!SAFE_METHODS.contains(method) && !settings.allowSideEffects()) {
      return outcome(
          g,
          GuardOutcome.Status.NOT_SENT,
          method + " has side effects; it is sent only by checks with --allow-side-effects.");
    }
    String host = hostFor(g.request());
    Sent fromCandidate = send(client, candidate, g.request(), host);
    if (fromCandidate.unreachable()) {
      // nothing was learned about the candidate: no verdict, as for a check whose target is down
      return outcome(
          g,
          GuardOutcome.Status.NOT_JUDGED,
          "The candidate could not be reached (" + fromCandidate.why() + ").");
    }
    boolean compares = g.expectation().needsPrimary();
    Sent fromPrimary = compares ? send(client, primary, g.request(), host) : Sent.NONE;
    Sent fromSecondary = compares ? send(client, secondary, g.request(), host) : Sent.NONE;
    if (compares && (fromPrimary.answer() == null || fromSecondary.answer() == null)) {
      return outcome(
          g,
          GuardOutcome.Status.NOT_JUDGED,
          "The old build gave no answer to compare with ("
              + (fromPrimary.answer() == null ? fromPrimary.why() : fromSecondary.why())
              + ").");
    }
    if (fromCandidate.answer() == null) {
      // reached, but no answer (timed out, connection reset): the request that broke production
      // may well break the candidate this way, so it fails the guard
      return outcome(
          g,
          GuardOutcome.Status.FAILED,
          "The candidate gave no answer (" + fromCandidate.why() + ").");
    }
    String path = HttpRequestData.pathAndQuery(g.request().url());
    int q = path.indexOf('?');
    GuardCheckOutcome judged =
        check.check(
            g.expectation(),
            grouper.endpointOf(method, q < 0 ? path : path.substring(0, q)),
            fromCandidate.answer(),
            fromPrimary.answer(),
            fromSecondary.answer(),
            new GuardCheck.Origins(
                originOf(candidate, host), originOf(primary, host), originOf(secondary, host)));
    return outcome(
        g,
        judged.passed() ? GuardOutcome.Status.PASSED : GuardOutcome.Status.FAILED,
        judged.reason());
  }

  private static GuardOutcome outcome(Guard g, GuardOutcome.Status status, String reason) {
    return new GuardOutcome(
        g.id(),
        g.name(),
        g.incidentId(),
        g.incidentTitle(),
        g.request().method() + " " + g.request().url(),
        g.expectation().text(),
        status,
        reason);
  }

  /**
   * Thanks each failed guard in the kudos log, once per guard and candidate (see {@link
   * GuardKudos}), linking the run that caught it.
   */
  static void thank(Store store, List<GuardOutcome> outcomes, String candidate, String runId) {
    GuardKudos kudos = new GuardKudos(new KudosLog(store, Clock.systemUTC()));
    for (GuardOutcome o : outcomes) {
      if (o.failed()) {
        kudos.caught(o.guardId(), o.name(), o.incidentId(), o.incidentTitle(), candidate, runId);
      }
    }
  }

  /**
   * Removes a guards.json an older Spotter left beside the reports: it must not contradict them.
   */
  static void removeOldFile(Path reportDir) {
    try {
      Files.deleteIfExists(reportDir.resolve(OLD_FILE));
    } catch (IOException e) {
      // nothing to contradict then
    }
  }

  /**
   * One target's answer, or why there was none.
   *
   * @param unreachable the target could not be reached at all (refused, no such host, TLS failed),
   *     so the answer says nothing about the build
   */
  private record Sent(HttpResponseData answer, String why, boolean unreachable) {
    static final Sent NONE = new Sent(null, null, false);
  }

  /**
   * The answer of one target, or why none came (refused, timed out, reset). The request is framed
   * afresh: its own length, no encoding or expectation of the recorded one.
   */
  private Sent send(UpstreamClient client, ForwardTarget target, HttpRequestData r, String host) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Host", host != null ? host : target.upstream().hostHeader()));
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
      return new Sent(
          new HttpResponseData(
              answer.status(),
              answer.headers(),
              new Body(answer.body(), answer.bodySize(), answer.truncated())),
          null,
          false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Sent(
          null,
          target.url() + ": " + (cause.getMessage() != null ? cause.getMessage() : cause),
          unreachable(cause));
    } catch (TimeoutException e) {
      return new Sent(
          null,
          target.url() + ": no answer within " + settings.timeout().toMillis() + " ms",
          false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sent(null, "interrupted", true);
    }
  }

  /**
   * The Host every target is sent for a guard's request, as a check chooses it ({@code --host}):
   * null for each its own; with {@code recorded}, the request's Host, or the host of its absolute
   * URL.
   */
  private String hostFor(HttpRequestData r) {
    return switch (settings.host().mode()) {
      case TARGET -> null;
      case VALUE -> settings.host().value();
      case RECORDED ->
          r.headers()
              .first("Host")
              .map(String::strip)
              .filter(h -> !h.isEmpty())
              .orElseGet(() -> authorityOf(r.url()));
    };
  }

  private static String authorityOf(String url) {
    try {
      String authority = java.net.URI.create(url).getRawAuthority();
      return authority == null || authority.isEmpty() ? null : authority;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static TargetOrigin originOf(ForwardTarget target, String host) {
    return new TargetOrigin(
        target.upstream().scheme(),
        target.upstream().host(),
        target.upstream().port(),
        host != null ? host : target.upstream().hostHeader());
  }

  /** Whether a failure means the target was never reached, so its answer was never asked. */
  private static boolean unreachable(Throwable cause) {
    if (!(cause instanceof UpstreamFailure f)) {
      return false;
    }
    return switch (f.kind()) {
      case CONNECTION_REFUSED, TLS, OTHER -> true;
      case TIMEOUT, CONNECTION_RESET, PROTOCOL_ERROR -> false;
    };
  }

  private boolean overridden(Header h) {
    return settings.overrideHeaders().entries().stream().anyMatch(o -> h.is(o.name()));
  }
}
