package dev.spotter.replay;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.noise.DriftingWrite;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ContentDecoder;
import dev.spotter.proxy.UpstreamResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one replayed exchange once all its answers are in: decodes the bodies, counts each
 * target's outcome, and either counts an error (the primary gave no answer, so there is nothing to
 * compare against) or diffs candidate and secondary against the primary and feeds the finding
 * collector; a target that gave no answer differs by that alone. Runs on worker threads, never on
 * the I/O threads.
 */
final class ExchangeAnalyzer {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeAnalyzer.class);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final HttpRequestData NO_HOST_SHOWN =
      new HttpRequestData("GET", "/", Headers.EMPTY, Body.EMPTY);

  private final Comparison comparison;
  private final long maxBodyBytes;
  private final TargetRecorder primary;
  private final TargetRecorder secondary;
  private final TargetRecorder candidate;
  private final ExampleKeeper examples;
  private final AnswerOrigins origins;

  /**
   * The origins of requests that may be asked again, by the name they are asked again under: a
   * repeat sends the same request, so its answers come under the same origins.
   */
  private final Map<RequestRef, Comparison.Origins> repeatable = new ConcurrentHashMap<>();

  private final LongAdder compared = new LongAdder();
  private final LongAdder errors = new LongAdder();

  ExchangeAnalyzer(
      Comparison comparison,
      long maxBodyBytes,
      TargetRecorder primary,
      TargetRecorder secondary,
      TargetRecorder candidate,
      ExampleKeeper examples,
      AnswerOrigins origins) {
    this.origins = origins;
    this.comparison = comparison;
    this.maxBodyBytes = maxBodyBytes;
    this.primary = primary;
    this.secondary = secondary;
    this.candidate = candidate;
    this.examples = examples;
  }

  /**
   * What came of one first ask.
   *
   * @param analysis for live counters
   * @param request how to name the request when asking it again, or null when it was not compared
   * @param candidateDiffered whether the candidate differed from the primary anywhere: only such
   *     requests may be needed again
   */
  record Analyzed(Analysis analysis, RequestRef request, boolean candidateDiffered) {
    static final Analyzed NOT_COMPARED = new Analyzed(Analysis.NOT_COMPARED, null, false);
  }

  /**
   * Judges the first ask of one exchange.
   *
   * @param shown the request as sent, for endpoint grouping and examples
   * @param sentAt when it was sent, or null when unknown: a read sent after a write that drifted
   *     may see the drift
   * @return what came of it
   */
  Analyzed analyzeFirst(
      String id,
      HttpRequestData shown,
      Sent fromPrimary,
      Sent fromSecondary,
      Sent fromCandidate,
      Instant sentAt) {
    TargetOutcome p = outcome(fromPrimary);
    TargetOutcome s = outcome(fromSecondary);
    TargetOutcome c = outcome(fromCandidate);
    primary.record(p);
    secondary.record(s);
    candidate.record(c);
    noteDrift(shown, sentAt, p, s, c);
    if (!(p instanceof TargetOutcome.Answered pa)) {
      errors.increment();
      return Analyzed.NOT_COMPARED;
    }
    try {
      Endpoint endpoint = comparison.endpointOf(shown.method(), shown.path());
      Comparison.Origins answeredUnder = origins.of(shown);
      Comparison.Diffs diffs = diffs(endpoint, answeredUnder, pa, s, c);
      compared.increment();
      FindingCollector.Recorded recorded =
          comparison.record(endpoint, id, diffs.changes(), diffs.noise(), sentAt);
      if (recorded.request() != null && !answeredUnder.equals(Comparison.Origins.NONE)) {
        repeatable.put(recorded.request(), answeredUnder);
      }
      if (recorded.example()) {
        examples.keep(
            new ExampleExchange(id, endpoint, shown, p, s, c, diffs.changes(), diffs.noise()));
      }
      return new Analyzed(
          Analysis.of(diffs.changes(), diffs.noise()),
          recorded.request(),
          !diffs.changes().isEmpty());
    } catch (RuntimeException e) {
      // One exchange the diff cannot handle must not end the run; it is counted and logged.
      LOG.warn("exchange {} could not be compared: {}", id, e.toString());
      errors.increment();
      return Analyzed.NOT_COMPARED;
    }
  }

  /**
   * Notes a write that some targets took and the others did not (one failed, or refused it where
   * another took it): from then on their states may differ. A target took a write when it answered
   * below 400.
   */
  private void noteDrift(
      HttpRequestData shown, Instant sentAt, TargetOutcome p, TargetOutcome s, TargetOutcome c) {
    if (SAFE_METHODS.contains(shown.method())) {
      return;
    }
    List<String> reached = new ArrayList<>(3);
    List<String> missed = new ArrayList<>(2);
    took("primary", p, reached, missed);
    took("secondary", s, reached, missed);
    took("candidate", c, reached, missed);
    if (reached.isEmpty() || missed.isEmpty()) {
      return;
    }
    try {
      comparison.writeDrifted(
          new DriftingWrite(
              comparison.endpointOf(shown.method(), shown.path()),
              sentAt == null ? Instant.now() : sentAt,
              reached,
              String.join("; ", missed)));
    } catch (RuntimeException e) {
      LOG.warn("a write that drifted could not be noted: {}", e.toString());
    }
  }

  private static void took(
      String role, TargetOutcome outcome, List<String> reached, List<String> missed) {
    if (outcome instanceof TargetOutcome.Answered a && a.response().status() < 400) {
      reached.add(role);
    } else if (outcome instanceof TargetOutcome.Answered a) {
      missed.add("the " + role + " answered " + a.response().status());
    } else if (outcome instanceof TargetOutcome.Failed f) {
      missed.add("the " + role + " failed (" + f.kind().jsonName() + ")");
    }
  }

  /**
   * Judges one more ask of a request judged before. Per-target counts and examples stay those of
   * the first asks; only the findings learn from it.
   *
   * @return false when it could not be compared (the primary gave no answer)
   */
  boolean analyzeRepeat(
      RequestRef request, Sent fromPrimary, Sent fromSecondary, Sent fromCandidate) {
    TargetOutcome p = outcome(fromPrimary);
    TargetOutcome s = outcome(fromSecondary);
    TargetOutcome c = outcome(fromCandidate);
    if (!(p instanceof TargetOutcome.Answered pa)) {
      return false;
    }
    try {
      Comparison.Origins answeredUnder =
          repeatable.getOrDefault(request, origins.of(NO_HOST_SHOWN));
      Comparison.Diffs diffs = diffs(request.endpoint(), answeredUnder, pa, s, c);
      comparison.recordRepeat(request, diffs.changes(), diffs.noise());
      return true;
    } catch (RuntimeException e) {
      LOG.warn("a repeat of {} could not be compared: {}", request, e.toString());
      return false;
    }
  }

  /**
   * The secondary's and the candidate's differences from the primary. A missing answer is one
   * difference on the whole response, from either of them alike: a copy of the old build that now
   * and then fails to answer is noise, and the same failures of the candidate are no worse.
   */
  private Comparison.Diffs diffs(
      Endpoint endpoint,
      Comparison.Origins under,
      TargetOutcome.Answered primaryAnswer,
      TargetOutcome secondaryOutcome,
      TargetOutcome candidateOutcome) {
    HttpResponseData primaryResponse = primaryAnswer.response();
    if (secondaryOutcome instanceof TargetOutcome.Answered sa) {
      Comparison.Diffs diffs =
          comparison.diffBoth(
              endpoint,
              under,
              primaryResponse,
              sa.response(),
              candidateOutcome instanceof TargetOutcome.Answered ca ? ca.response() : null);
      if (diffs.changes() != null) {
        return diffs;
      }
      return new Comparison.Diffs(
          diffs.noise(),
          List.of(noResponse(primaryResponse, (TargetOutcome.Failed) candidateOutcome)));
    }
    List<Difference> noise =
        List.of(noResponse(primaryResponse, (TargetOutcome.Failed) secondaryOutcome));
    List<Difference> changes =
        candidateOutcome instanceof TargetOutcome.Answered ca
            ? comparison.diff(
                endpoint, primaryResponse, under.primary(), ca.response(), under.candidate())
            : List.of(noResponse(primaryResponse, (TargetOutcome.Failed) candidateOutcome));
    return new Comparison.Diffs(noise, changes);
  }

  long compared() {
    return compared.sum();
  }

  long errors() {
    return errors.sum();
  }

  /** The candidate gave no answer where the primary did: one difference on the whole response. */
  static Difference noResponse(HttpResponseData primaryAnswer, TargetOutcome.Failed failure) {
    return new Difference(
        "/",
        "/",
        DifferenceKind.NO_RESPONSE,
        "status " + primaryAnswer.status(),
        failure.kind().jsonName() + ": " + failure.message(),
        null);
  }

  private TargetOutcome outcome(Sent sent) {
    if (sent instanceof Sent.Lost lost) {
      return new TargetOutcome.Failed(lost.kind(), lost.message(), lost.elapsedNanos() / 1000);
    }
    UpstreamResponse r = ((Sent.Received) sent).response();
    long latencyMicros = r.latencyNanos() / 1000;
    if (r.status() < 100 || r.status() > 999) {
      return new TargetOutcome.Failed(
          FailureKind.PROTOCOL_ERROR,
          "status " + r.status() + " is not an HTTP status code",
          latencyMicros);
    }
    Body received = new Body(r.body(), Math.max(r.bodySize(), r.body().length), r.truncated());
    ContentDecoder.Result decoded = ContentDecoder.decode(r.headers(), received, maxBodyBytes);
    if (decoded instanceof ContentDecoder.Result.Corrupt corrupt) {
      return new TargetOutcome.Failed(
          FailureKind.UNDECODABLE_BODY, corrupt.message(), latencyMicros);
    }
    return new TargetOutcome.Answered(
        new HttpResponseData(
            r.status(), r.headers(), ((ContentDecoder.Result.Decoded) decoded).body()),
        latencyMicros);
  }
}
