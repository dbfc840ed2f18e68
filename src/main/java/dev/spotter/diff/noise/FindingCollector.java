package dev.spotter.diff.noise;

import dev.spotter.diff.Difference;
import dev.spotter.diff.Difference.FindingKey;
import dev.spotter.model.Endpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts, per endpoint and per (folded path, kind), how often the candidate and the secondary
 * differ from the primary, on each request and on every time a request is asked again, and judges
 * each at the end (or whenever asked: a check judges after each round of asking again, a shadow
 * whenever it writes its report). Safe to call from several threads. Memory grows with endpoints
 * and paths, not with requests (plus a few bits per request per path).
 */
public final class FindingCollector {
  private final NoiseSettings settings;
  private final NoiseJudge judge;
  private final Map<Endpoint, EndpointTally> endpoints = new LinkedHashMap<>();
  private String askingEndedBecause;
  private final Map<Endpoint, Long> driftByEndpoint = new HashMap<>();
  private final Map<String, Long> driftByReached = new HashMap<>();
  private long driftingWrites;
  private DriftingWrite firstDrift;

  public FindingCollector(NoiseSettings settings) {
    this.settings = settings;
    this.judge = new NoiseJudge(settings);
  }

  /**
   * What recording one request gave back.
   *
   * @param example the exchange was kept as an example of some finding; the caller then keeps its
   *     request and answers for the report
   * @param request how to name the request when it is asked again
   */
  public record Recorded(boolean example, RequestRef request) {}

  /**
   * Records the first ask of one request.
   *
   * @param candidateDiffs the candidate's differences from the primary
   * @param noiseDiffs the secondary's differences from the primary
   */
  public Recorded record(
      Endpoint endpoint,
      String exchangeId,
      List<Difference> candidateDiffs,
      List<Difference> noiseDiffs) {
    return record(endpoint, exchangeId, candidateDiffs, noiseDiffs, null);
  }

  /**
   * Records the first ask of one request sent at a known time, so that its differences can be told
   * to come before or after a write that reached some targets only ({@link #writeDrifted}).
   *
   * @param sentAt when it was sent; null when unknown, which counts as after every such write
   */
  public synchronized Recorded record(
      Endpoint endpoint,
      String exchangeId,
      List<Difference> candidateDiffs,
      List<Difference> noiseDiffs,
      Instant sentAt) {
    EndpointTally tally = endpoints.computeIfAbsent(endpoint, EndpointTally::new);
    int ordinal = (int) Math.min(Integer.MAX_VALUE, tally.requests);
    tally.requests++;
    if (!candidateDiffs.isEmpty()) {
      tally.differing++;
    }
    Map<FindingKey, List<Difference>> candidate = byKey(candidateDiffs);
    Map<FindingKey, List<Difference>> noise = byKey(noiseDiffs);
    count(tally, ordinal, candidate, noise, false);
    for (FindingKey key : candidate.keySet()) {
      tally.path(key).differedAt(sentAt, noise.containsKey(key));
    }
    for (FindingKey key : noise.keySet()) {
      if (!candidate.containsKey(key)) {
        tally.path(key).differedAt(sentAt, true);
      }
    }
    boolean example = false;
    for (Map.Entry<FindingKey, List<Difference>> e : candidate.entrySet()) {
      PathTally t = tally.path(e.getKey());
      t.firstCandidate++;
      t.candidateProfile.addRequest(e.getValue());
      if (t.candidateExamples.size() < settings.examplesPerFinding()) {
        t.candidateExamples.add(exchangeId);
        example = true;
      }
    }
    for (Map.Entry<FindingKey, List<Difference>> e : noise.entrySet()) {
      PathTally t = tally.path(e.getKey());
      t.noiseProfile.addRequest(e.getValue());
      if (t.candidate == 0 && t.noiseExamples.size() < settings.examplesPerFinding()) {
        // Noise examples only matter for paths where the candidate never differs.
        t.noiseExamples.add(exchangeId);
        example = true;
      }
    }
    return new Recorded(example, new RequestRef(endpoint, ordinal));
  }

  /**
   * Records one more ask of a request recorded before: the same request sent again to the three
   * builds (or, in a shadow, to the secondary and the candidate, compared with the primary's one
   * answer).
   *
   * @throws IllegalArgumentException when the request was never recorded
   */
  public synchronized void recordRepeat(
      RequestRef request, List<Difference> candidateDiffs, List<Difference> noiseDiffs) {
    EndpointTally tally = endpoints.get(request.endpoint());
    if (tally == null || request.ordinal() >= tally.requests) {
      throw new IllegalArgumentException("no such request was recorded: " + request);
    }
    tally.repeats.merge(request.ordinal(), 1, Integer::sum);
    count(tally, request.ordinal(), byKey(candidateDiffs), byKey(noiseDiffs), true);
  }

  /** Counts one ask of a request at every key it touches, and for the endpoint as a whole. */
  private static void count(
      EndpointTally tally,
      int ordinal,
      Map<FindingKey, List<Difference>> candidate,
      Map<FindingKey, List<Difference>> noise,
      boolean repeat) {
    tally.asks++;
    if (repeat) {
      // every path that had shown a candidate difference on this request learns whether it came
      // back, including the paths where neither build differs this time
      for (Map.Entry<FindingKey, PathTally> e : tally.paths.entrySet()) {
        PathTally t = e.getValue();
        if (t.candidateRequests.get(ordinal)) {
          t.reasks++;
          boolean c = candidate.containsKey(e.getKey());
          long[] own = t.reaskedRequests.computeIfAbsent(ordinal, o -> new long[] {0, 0, 1});
          own[0]++;
          if (c) {
            own[1]++;
          }
          boolean n = noise.containsKey(e.getKey());
          if (c) {
            t.reaskCandidate++;
          }
          if (n) {
            t.reaskSecondary++;
          }
          if (c && n) {
            t.reaskBoth++;
          }
        }
      }
    }
    int candidateOnly = 0;
    for (Map.Entry<FindingKey, List<Difference>> e : candidate.entrySet()) {
      PathTally t = tally.path(e.getKey());
      for (Difference d : e.getValue()) {
        t.primaryValues.add(d.primary());
        t.candidateValues.add(d.other());
      }
    }
    for (Map.Entry<FindingKey, List<Difference>> e : noise.entrySet()) {
      PathTally t = tally.path(e.getKey());
      for (Difference d : e.getValue()) {
        t.primaryValues.add(d.primary());
        t.secondaryValues.add(d.other());
      }
    }
    for (FindingKey key : candidate.keySet()) {
      PathTally t = tally.path(key);
      t.candidate++;
      boolean withNoise = noise.containsKey(key);
      if (withNoise) {
        t.both++;
      } else {
        candidateOnly++;
      }
      if (!t.candidateRequests.get(ordinal)) {
        t.candidateRequests.set(ordinal);
        if (withNoise) {
          t.shownWithSecondary.set(ordinal);
        }
        if (repeat) {
          // first shown on a later ask: the asks before it did not show it, which a change in
          // code would have (see NoiseJudge.comesBack)
          t.reaskedRequests.put(ordinal, new long[] {0, 0, tally.repeats.get(ordinal) + 1});
        }
      }
    }
    int noiseOnly = 0;
    for (FindingKey key : noise.keySet()) {
      tally.path(key).noise++;
      if (!candidate.containsKey(key)) {
        noiseOnly++;
      }
    }
    if (candidateOnly > noiseOnly) {
      tally.candidateAhead++;
    } else if (noiseOnly > candidateOnly) {
      tally.secondaryAhead++;
    }
  }

  /**
   * Notes that a request is not asked again (any more), and why, for the findings that stay
   * undecided: "POST is not asked again: it may write".
   */
  public synchronized void notAskedAgain(RequestRef request, String why) {
    EndpointTally tally = endpoints.get(request.endpoint());
    if (tally != null) {
      tally.notAskedAgain.put(request.ordinal(), why);
    }
  }

  /**
   * Notes a write that reached some targets and not the others: differences the secondary shows on
   * reads sent from then on are not taken for the old build's nondeterminism (see {@link
   * OldBuildCause}).
   */
  public void writeDrifted(DriftingWrite write) {
    writeDrifted(write, 1);
  }

  /**
   * Notes {@code times} writes of {@code write}'s endpoint that reached the same targets, the
   * earliest of which is {@code write}: how a shadow hands over the writes it did not mirror.
   */
  public synchronized void writeDrifted(DriftingWrite write, long times) {
    if (times < 1) {
      return;
    }
    driftingWrites += times;
    driftByEndpoint.merge(write.endpoint(), times, Long::sum);
    driftByReached.merge(write.reachedText(), times, Long::sum);
    if (firstDrift == null || write.at().isBefore(firstDrift.at())) {
      firstDrift = write;
    }
  }

  /** The writes noted so far that reached some targets only. */
  public synchronized StateDrift drift() {
    if (driftingWrites == 0) {
      return StateDrift.NONE;
    }
    return new StateDrift(driftingWrites, driftByEndpoint, driftByReached, firstDrift);
  }

  /** Notes why the run asks nothing more: its budget is spent, or asking again is off. */
  public synchronized void askingEnded(String why) {
    this.askingEndedBecause = why;
  }

  /** How many more times a request was asked, beyond its first. */
  public synchronized int repeatsOf(RequestRef request) {
    EndpointTally tally = endpoints.get(request.endpoint());
    return tally == null ? 0 : tally.repeats.getOrDefault(request.ordinal(), 0);
  }

  private static Map<FindingKey, List<Difference>> byKey(List<Difference> diffs) {
    if (diffs.isEmpty()) {
      return Map.of();
    }
    Map<FindingKey, List<Difference>> map = new HashMap<>();
    for (Difference d : diffs) {
      map.computeIfAbsent(d.key(), k -> new ArrayList<>(1)).add(d);
    }
    return map;
  }

  /** The judged findings of every endpoint seen, endpoints with regressions first. */
  public List<EndpointReport> report() {
    return judge().endpoints();
  }

  /**
   * Judges everything recorded so far: every path of every endpoint within the run's hierarchy of
   * tests (see {@link GatedTests}), so that the chance of any false alarm in the run stays at the
   * significance level whenever it is judged.
   */
  public synchronized RunFindings judge() {
    List<EndpointTally> tallies = new ArrayList<>(endpoints.values());
    Map<EndpointTally, List<GatedTests.Path>> paths = new IdentityHashMap<>();
    for (EndpointTally tally : tallies) {
      List<Map.Entry<FindingKey, PathTally>> entries = new ArrayList<>(tally.paths.entrySet());
      entries.sort(Map.Entry.comparingByKey());
      List<GatedTests.Path> list = new ArrayList<>(entries.size());
      for (Map.Entry<FindingKey, PathTally> e : entries) {
        list.add(
            new GatedTests.Path(
                tally, e.getKey(), e.getValue(), judge.assess(e.getValue(), tally)));
      }
      paths.put(tally, list);
    }
    GatedTests.Outcome outcome =
        GatedTests.run(tallies, paths, settings.significance(), settings.examplesPerFinding());
    StateDrift drift = drift();
    List<EndpointReport> reports = new ArrayList<>();
    Set<RequestRef> askAgain = new LinkedHashSet<>();
    for (EndpointTally tally : tallies) {
      List<Finding> findings = new ArrayList<>();
      BitSet regressing = new BitSet();
      for (GatedTests.Path p : paths.get(tally)) {
        NoiseJudge.Tested tested = outcome.tested().get(p);
        NoiseJudge.Judgement j =
            OldBuildCause.reconsider(
                p.tally(), tally, judge.judge(p.tally(), p.evidence(), withWhy(tested, p)), drift);
        if (j.verdict() == Verdict.REGRESSION) {
          regressing.or(p.tally().candidateRequests);
        } else if (j.verdict() == Verdict.UNDECIDED && j.cause() != FindingCause.STATE_DRIFT) {
          // asking again cannot undo a write: a finding undecided for drift is not asked again
          BitSet requests = p.tally().candidateRequests;
          for (int i = requests.nextSetBit(0); i >= 0; i = requests.nextSetBit(i + 1)) {
            askAgain.add(new RequestRef(tally.endpoint, i));
          }
        }
        boolean partOfCrossCutting =
            j.verdict() == Verdict.REGRESSION && tested.crossCutting() != null;
        findings.add(
            finding(
                p.key(), p.tally(), j, partOfCrossCutting ? tested.crossCutting().key() : null));
      }
      findings.sort(
          Comparator.comparing(Finding::verdict)
              .thenComparing(Finding::path)
              .thenComparing(Finding::kind));
      reports.add(
          new EndpointReport(
              tally.endpoint,
              tally.requests,
              tally.differing,
              regressing.cardinality(),
              findings,
              tally.totalRepeats()));
    }
    reports.sort(
        Comparator.comparingLong(EndpointReport::regressions)
            .reversed()
            .thenComparing(Comparator.comparing((EndpointReport e) -> e.changed()).reversed())
            .thenComparing(Comparator.comparingLong(EndpointReport::undecided).reversed())
            .thenComparing(Comparator.comparingLong(EndpointReport::requests).reversed())
            .thenComparing(EndpointReport::endpoint));
    return new RunFindings(
        reports, outcome.crossCutting(), new ArrayList<>(askAgain), outcome.firstLevel(), drift);
  }

  /** The tests' outcome with why the path's requests were not asked again, for its reason. */
  private NoiseJudge.Tested withWhy(NoiseJudge.Tested tested, GatedTests.Path p) {
    Set<String> why = new LinkedHashSet<>();
    BitSet requests = p.tally().candidateRequests;
    for (int i = requests.nextSetBit(0); i >= 0; i = requests.nextSetBit(i + 1)) {
      String reason = p.endpoint().notAskedAgain.get(i);
      if (reason != null) {
        why.add(reason);
      }
    }
    if (why.isEmpty() && askingEndedBecause != null) {
      why.add(askingEndedBecause);
    }
    if (why.isEmpty()) {
      return tested;
    }
    return new NoiseJudge.Tested(
        tested.excessShown(),
        tested.excessHow(),
        tested.excessLevel(),
        tested.unexplainedShown(),
        tested.unexplainedHow(),
        tested.crossCutting(),
        String.join("; ", why));
  }

  private Finding finding(
      FindingKey key, PathTally t, NoiseJudge.Judgement j, String crossCutting) {
    List<String> examples = new ArrayList<>(t.candidateExamples);
    for (String id : t.noiseExamples) {
      if (examples.size() < settings.examplesPerFinding() && !examples.contains(id)) {
        examples.add(id);
      }
    }
    return new Finding(
        key.path(),
        key.kind(),
        t.candidate,
        t.noise,
        t.both,
        j.unexplained(),
        j.pValue(),
        j.verdict(),
        j.reason(),
        examples,
        t.asked(),
        crossCutting,
        j.cause());
  }
}
