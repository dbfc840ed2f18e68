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

  /** The judged findings of every endpoint seen, endpoints with regressions first. */
  public synchronized List<EndpointReport> report() {
    List<EndpointReport> reports = new ArrayList<>();
    for (EndpointTally tally : endpoints.values()) {
      reports.add(judge(tally));
    }
    reports.sort(
        Comparator.comparingLong(EndpointReport::regressions)
            .reversed()
            .thenComparing(Comparator.comparingLong(EndpointReport::requests).reversed())
            .thenComparing(EndpointReport::endpoint));
    return reports;
  }

  private EndpointReport judge(EndpointTally tally) {
    List<Finding> findings = new ArrayList<>();
    BitSet regressing = new BitSet();
    List<Map.Entry<FindingKey, PathTally>> paths = new ArrayList<>(tally.paths.entrySet());
    paths.sort(Map.Entry.comparingByKey());
    for (Map.Entry<FindingKey, PathTally> e : paths) {
      FindingKey key = e.getKey();
      PathTally t = e.getValue();
      NoiseJudge.Judgement j = judge.judge(t, tally.requests);
      if (j.verdict() == Verdict.REGRESSION) {
        regressing.or(t.candidateRequests);
      }
      List<String> examples = new ArrayList<>(t.candidateExamples);
      for (String id : t.noiseExamples) {
        if (examples.size() < settings.examplesPerFinding() && !examples.contains(id)) {
          examples.add(id);
        }
      }
      findings.add(
          new Finding(
              key.path(),
              key.kind(),
              t.candidate,
              t.noise,
              t.both,
              j.unexplained(),
              j.pValue(),
              j.verdict(),
              j.reason(),
              examples));
    }
    findings.sort(
        Comparator.comparing(Finding::verdict)
            .thenComparing(Finding::path)
            .thenComparing(Finding::kind));
    return new EndpointReport(
        tally.endpoint, tally.requests, tally.differing, regressing.cardinality(), findings);
  }
}
