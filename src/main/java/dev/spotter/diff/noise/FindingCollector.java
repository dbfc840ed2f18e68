package dev.spotter.diff.noise;

import dev.spotter.diff.Difference;
import dev.spotter.diff.Difference.FindingKey;
import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per endpoint and per (folded path, kind), how often the candidate and the secondary
 * differ from the primary, and judges each at the end. Safe to call from several threads. Memory
 * grows with endpoints and paths, not with requests (plus one bit per request per path).
 */
public final class FindingCollector {
  private final NoiseSettings settings;
  private final NoiseJudge judge;
  private final Map<Endpoint, EndpointTally> endpoints = new LinkedHashMap<>();

  public FindingCollector(NoiseSettings settings) {
    this.settings = settings;
    this.judge = new NoiseJudge(settings);
  }

  /**
   * Records one compared request.
   *
   * @return true when the exchange was kept as an example of some finding; the caller then keeps
   *     its request and responses for the report
   */
  public synchronized boolean record(
      Endpoint endpoint,
      String exchangeId,
      List<Difference> candidateDiffs,
      List<Difference> noiseDiffs) {
    EndpointTally tally = endpoints.computeIfAbsent(endpoint, EndpointTally::new);
    int ordinal = (int) Math.min(Integer.MAX_VALUE, tally.requests);
    tally.requests++;
    if (!candidateDiffs.isEmpty()) {
      tally.differing++;
    }
    Map<FindingKey, List<Difference>> candidate = byKey(candidateDiffs);
    Map<FindingKey, List<Difference>> noise = byKey(noiseDiffs);
    boolean example = false;
    for (Map.Entry<FindingKey, List<Difference>> e : candidate.entrySet()) {
      PathTally t = tally.path(e.getKey());
      t.candidate++;
      if (noise.containsKey(e.getKey())) {
        t.both++;
      }
      t.candidateProfile.addRequest(e.getValue());
      t.candidateRequests.set(ordinal);
      if (t.candidateExamples.size() < settings.examplesPerFinding()) {
        t.candidateExamples.add(exchangeId);
        example = true;
      }
    }
    for (Map.Entry<FindingKey, List<Difference>> e : noise.entrySet()) {
      PathTally t = tally.path(e.getKey());
      t.noise++;
      t.noiseProfile.addRequest(e.getValue());
      if (t.candidate == 0 && t.noiseExamples.size() < settings.examplesPerFinding()) {
        // Noise examples only matter for paths where the candidate never differs.
        t.noiseExamples.add(exchangeId);
        example = true;
      }
    }
    return example;
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

  /**
   * The judged findings of every endpoint seen, endpoints with regressions first. All paths of the
   * run are judged together, so that the chance of any false alarm in the run stays at the
   * significance level (see {@link Holm}).
   */
  public synchronized List<EndpointReport> report() {
    List<Assessed> assessed = new ArrayList<>();
    for (EndpointTally tally : endpoints.values()) {
      List<Map.Entry<FindingKey, PathTally>> paths = new ArrayList<>(tally.paths.entrySet());
      paths.sort(Map.Entry.comparingByKey());
      for (Map.Entry<FindingKey, PathTally> e : paths) {
        assessed.add(
            new Assessed(
                tally, e.getKey(), e.getValue(), judge.assess(e.getValue(), tally.requests)));
      }
    }
    List<Double> pValues = new ArrayList<>();
    for (Assessed a : assessed) {
      if (a.evidence.tested()) {
        a.excessTest = pValues.size();
        pValues.add(a.evidence.p());
        if (a.evidence.unexplained() > 0) {
          a.unexplainedTest = pValues.size();
          pValues.add(a.evidence.pUnexplained());
        }
      }
    }
    boolean[] shown =
        Holm.reject(
            pValues.stream().mapToDouble(Double::doubleValue).toArray(), settings.significance());
    Map<EndpointTally, List<Finding>> findings = new LinkedHashMap<>();
    Map<EndpointTally, BitSet> regressing = new HashMap<>();
    for (EndpointTally tally : endpoints.values()) {
      findings.put(tally, new ArrayList<>());
      regressing.put(tally, new BitSet());
    }
    for (Assessed a : assessed) {
      NoiseJudge.Tested tested =
          new NoiseJudge.Tested(
              a.excessTest >= 0 && shown[a.excessTest],
              a.unexplainedTest >= 0 && shown[a.unexplainedTest],
              pValues.size());
      NoiseJudge.Judgement j = judge.judge(a.path, a.evidence, tested);
      if (j.verdict() == Verdict.REGRESSION) {
        regressing.get(a.tally).or(a.path.candidateRequests);
      }
      findings.get(a.tally).add(finding(a.key, a.path, j));
    }
    List<EndpointReport> reports = new ArrayList<>();
    for (EndpointTally tally : endpoints.values()) {
      List<Finding> list = findings.get(tally);
      list.sort(
          Comparator.comparing(Finding::verdict)
              .thenComparing(Finding::path)
              .thenComparing(Finding::kind));
      reports.add(
          new EndpointReport(
              tally.endpoint,
              tally.requests,
              tally.differing,
              regressing.get(tally).cardinality(),
              list));
    }
    reports.sort(
        Comparator.comparingLong(EndpointReport::regressions)
            .reversed()
            .thenComparing(Comparator.comparingLong(EndpointReport::requests).reversed())
            .thenComparing(EndpointReport::endpoint));
    return reports;
  }

  private Finding finding(FindingKey key, PathTally t, NoiseJudge.Judgement j) {
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
        examples);
  }

  /** One path with its evidence, and where its tests sit among the run's p-values. */
  private static final class Assessed {
    final EndpointTally tally;
    final FindingKey key;
    final PathTally path;
    final NoiseJudge.Evidence evidence;
    int excessTest = -1;
    int unexplainedTest = -1;

    Assessed(EndpointTally tally, FindingKey key, PathTally path, NoiseJudge.Evidence evidence) {
      this.tally = tally;
      this.key = key;
      this.path = path;
      this.evidence = evidence;
    }
  }
}
