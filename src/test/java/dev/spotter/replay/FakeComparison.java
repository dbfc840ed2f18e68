package dev.spotter.replay;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.noise.DriftingWrite;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.diff.noise.RunFindings;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpResponseData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A deliberately simple stand-in for the diff package, so engine tests prove replay mechanics on
 * their own: the endpoint is the raw method and path, a difference is a status or body-bytes
 * mismatch, and a path is a regression when the candidate differs there more often than the
 * secondary. It remembers every call for the tests to inspect.
 */
class FakeComparison implements Comparison {
  /** One diff call. */
  record Diffed(Endpoint endpoint, HttpResponseData primary, HttpResponseData other) {}

  /** One record call. */
  record Recorded(
      Endpoint endpoint, String id, List<Difference> candidate, List<Difference> noise) {}

  final ConcurrentLinkedQueue<Diffed> diffs = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Recorded> records = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<RequestRef> repeats = new ConcurrentLinkedQueue<>();
  private final Map<Endpoint, Integer> ordinals = new java.util.HashMap<>();
  private final boolean keepEveryExample;

  FakeComparison(boolean keepEveryExample) {
    this.keepEveryExample = keepEveryExample;
  }

  FakeComparison() {
    this(false);
  }

  @Override
  public Endpoint endpointOf(String method, String path) {
    return new Endpoint(method, path);
  }

  @Override
  public List<Difference> diff(
      Endpoint endpoint, HttpResponseData primary, HttpResponseData other) {
    threads.add(Thread.currentThread().getName());
    diffs.add(new Diffed(endpoint, primary, other));
    List<Difference> found = new ArrayList<>();
    if (primary.status() != other.status()) {
      found.add(
          new Difference(
              "/status",
              "/status",
              DifferenceKind.STATUS_CHANGED,
              "" + primary.status(),
              "" + other.status(),
              null));
    }
    if (!Arrays.equals(primary.body().bytes(), other.body().bytes())) {
      found.add(
          new Difference(
              "/body",
              "/body",
              DifferenceKind.VALUE_CHANGED,
              primary.body().utf8(),
              other.body().utf8(),
              null));
    }
    return found;
  }

  @Override
  public FindingCollector.Recorded record(
      Endpoint endpoint,
      String id,
      List<Difference> candidate,
      List<Difference> noise,
      Instant sentAt) {
    int ordinal;
    synchronized (ordinals) {
      ordinal = ordinals.merge(endpoint, 1, Integer::sum) - 1;
    }
    records.add(new Recorded(endpoint, id, candidate, noise));
    return new FindingCollector.Recorded(keep(candidate), new RequestRef(endpoint, ordinal));
  }

  final ConcurrentLinkedQueue<DriftingWrite> drifted = new ConcurrentLinkedQueue<>();

  @Override
  public void writeDrifted(DriftingWrite write, long times) {
    for (long i = 0; i < times; i++) {
      drifted.add(write);
    }
  }

  /** Whether an exchange with these candidate differences is kept as an example. */
  boolean keep(List<Difference> candidate) {
    return keepEveryExample || !candidate.isEmpty();
  }

  @Override
  public void recordRepeat(RequestRef request, List<Difference> candidate, List<Difference> noise) {
    repeats.add(request);
  }

  @Override
  public RunFindings judge() {
    return new RunFindings(report(), List.of(), List.of(), 0);
  }

  @Override
  public void notAskedAgain(RequestRef request, String why) {}

  @Override
  public void askingEnded(String why) {}

  @Override
  public int repeatsOf(RequestRef request) {
    return (int) repeats.stream().filter(request::equals).count();
  }

  /** Every endpoint's findings: a path is a regression when the candidate differs more often. */
  List<EndpointReport> report() {
    Map<Endpoint, Map<Difference.FindingKey, long[]>> counts = new TreeMap<>();
    Map<Endpoint, Long> requests = new TreeMap<>();
    for (Recorded r : records) {
      requests.merge(r.endpoint(), 1L, Long::sum);
      Map<Difference.FindingKey, long[]> byKey =
          counts.computeIfAbsent(r.endpoint(), e -> new TreeMap<>());
      r.candidate().forEach(d -> byKey.computeIfAbsent(d.key(), k -> new long[2])[0]++);
      r.noise().forEach(d -> byKey.computeIfAbsent(d.key(), k -> new long[2])[1]++);
    }
    List<EndpointReport> reports = new ArrayList<>();
    counts.forEach(
        (endpoint, byKey) -> {
          List<Finding> findings = new ArrayList<>();
          byKey.forEach(
              (key, n) ->
                  findings.add(
                      new Finding(
                          key.path(),
                          key.kind(),
                          n[0],
                          n[1],
                          0,
                          0,
                          1,
                          n[0] > n[1] ? Verdict.REGRESSION : Verdict.NOISE,
                          "fake",
                          List.of())));
          long regressing = findings.stream().filter(Finding::isRegression).count();
          reports.add(
              new EndpointReport(endpoint, requests.get(endpoint), 0, regressing, findings));
        });
    return reports;
  }

  List<Recorded> recordsFor(String path) {
    return records.stream().filter(r -> r.endpoint().pathTemplate().equals(path)).toList();
  }
}
