package dev.spotter.diff.noise;

import dev.spotter.diff.Difference.FindingKey;
import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The run's tests, arranged so that a plain change is not drowned by the number of paths a run
 * looks at, while the chance of any false alarm in the whole run stays at the significance level.
 *
 * <p>First level: one test per endpoint as a whole (a sign test on the asks where the candidate
 * differs at more places than the secondary, or the reverse), one per difference seen on several
 * endpoints at once (pooled over all of them), and one per test of the size or form of noisy
 * values. They share the significance evenly (Bonferroni): each is held to {@code alpha / m}.
 * Second level: the paths of an endpoint shown to have changed share that endpoint's {@code alpha /
 * m} (Holm), and paths of an endpoint not shown to have changed are not tested at all. A false
 * alarm in a path needs either its unchanged endpoint to be falsely shown (at most {@code alpha /
 * m} each) or, in a changed endpoint, a false path among its own (at most {@code alpha / m} each by
 * Holm), and each endpoint is one or the other, so the total stays at {@code alpha} (Meinshausen's
 * hierarchical testing, 2008). Eighty noisy paths on one endpoint thus cost a change elsewhere
 * nothing, and eighty paths on the changed endpoint cost it only among themselves.
 *
 * <p>Every p-value here comes from a test martingale, so the levels hold whenever the run stops,
 * however often it was judged before and however the asking again was steered by what was seen.
 */
final class GatedTests {
  private GatedTests() {}

  /** One path with what it shows. */
  record Path(
      EndpointTally endpoint, FindingKey key, PathTally tally, NoiseJudge.Evidence evidence) {
    // identity: two paths are the same only when they are the same object
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /**
   * What the tests showed.
   *
   * @param tested per path, its outcome
   * @param crossCutting the changes shown across endpoints
   * @param firstLevel how many first-level tests shared the significance
   */
  record Outcome(
      Map<Path, NoiseJudge.Tested> tested,
      List<CrossCuttingFinding> crossCutting,
      int firstLevel) {}

  static Outcome run(
      List<EndpointTally> endpoints,
      Map<EndpointTally, List<Path>> paths,
      double alpha,
      int examplesPerFinding) {
    // Which differences show on several endpoints: chosen by where either build differs, never by
    // which of the two, so choosing them leaves the sign test exact.
    Map<FindingKey, List<Path>> byKey = new LinkedHashMap<>();
    for (EndpointTally e : endpoints) {
      for (Path p : paths.get(e)) {
        if (p.tally().candidate + p.tally().noise > 0) {
          byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
      }
    }
    List<List<Path>> groups = new ArrayList<>();
    List<Double> groupP = new ArrayList<>();
    for (List<Path> members : byKey.values()) {
      if (members.size() < 2) {
        continue;
      }
      long x = 0;
      long y = 0;
      for (Path p : members) {
        x += p.tally().candidate - p.tally().both;
        y += p.tally().noise - p.tally().both;
      }
      if (x + y > 0) {
        groups.add(members);
        groupP.add(NoiseJudge.signTest(x, y));
      }
    }
    Map<EndpointTally, Double> endpointP = new HashMap<>();
    for (EndpointTally e : endpoints) {
      Double p = endpointTest(e, paths.get(e));
      if (p != null) {
        endpointP.put(e, p);
      }
    }
    Set<Path> formTests = new HashSet<>();
    for (EndpointTally e : endpoints) {
      for (Path p : paths.get(e)) {
        if (p.evidence().unexplained() > 0) {
          formTests.add(p);
        }
      }
    }
    int m = groups.size() + endpointP.size() + formTests.size();
    double level = m == 0 ? alpha : alpha / m;
    String shared = m <= 1 ? "" : "the " + m + " endpoint-level tests of this run";

    Map<Path, NoiseJudge.Tested> tested = new HashMap<>();
    List<CrossCuttingFinding> crossCutting = new ArrayList<>();
    for (EndpointTally e : endpoints) {
      List<Path> family = new ArrayList<>();
      Map<Path, Integer> inFamily = new HashMap<>();
      for (Path p : paths.get(e)) {
        if (p.evidence().tested()) {
          inFamily.put(p, family.size());
          family.add(p);
        }
      }
      Double pe = endpointP.get(e);
      boolean changed = pe != null && pe < level;
      boolean[] shown = new boolean[family.size()];
      if (changed) {
        double[] ps = family.stream().mapToDouble(p -> p.evidence().p()).toArray();
        shown = Holm.reject(ps, level);
      }
      String how =
          changed
              ? sharing(alpha, shared, family.size())
              : "p = "
                  + format(pe == null ? 1 : pe)
                  + " for the endpoint, needs < "
                  + format(level)
                  + (shared.isEmpty() ? "" : ": " + alpha + " shared by " + shared);
      for (Path p : paths.get(e)) {
        int i = inFamily.getOrDefault(p, -1);
        boolean formShown = formTests.contains(p) && p.evidence().pUnexplained() < level;
        tested.put(
            p,
            new NoiseJudge.Tested(
                i >= 0 && shown[i],
                how,
                changed ? level : 0,
                formShown,
                shared.isEmpty() ? "" : "with " + alpha + " shared by " + shared,
                null,
                null));
      }
    }
    for (int g = 0; g < groups.size(); g++) {
      if (groupP.get(g) < level) {
        // the pooled test shows the change is somewhere among the members; which ones is shown
        // member by member, within the group's share (Holm), as an endpoint's paths are
        List<Path> members = groups.get(g);
        double[] ps = members.stream().mapToDouble(member -> member.evidence().p()).toArray();
        boolean[] shownHere = Holm.reject(ps, level);
        List<Path> seen = new ArrayList<>();
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
          if (members.get(i).evidence().beyondMargins()) {
            seen.add(members.get(i));
            // shown on its own requests: within the group's share, or its endpoint's
            if (shownHere[i] || tested.get(members.get(i)).excessShown()) {
              parts.add(members.get(i));
            }
          }
        }
        CrossCuttingFinding f =
            crossCutting(members, seen, parts, groupP.get(g), alpha, shared, examplesPerFinding);
        if (f != null) {
          crossCutting.add(f);
          for (Path p : parts) {
            NoiseJudge.Tested t = tested.get(p);
            tested.put(
                p,
                new NoiseJudge.Tested(
                    t.excessShown(),
                    t.excessHow(),
                    t.excessLevel(),
                    t.unexplainedShown(),
                    t.unexplainedHow(),
                    f,
                    t.notAskedAgain()));
          }
        }
      }
    }
    return new Outcome(tested, crossCutting, m);
  }

  /**
   * The test of an endpoint as a whole, or null when nothing on it can be tested. Two views, each
   * with half the endpoint's share (Bonferroni): the endpoint's own sign test on the asks where the
   * candidate differs at more places than the secondary, or the reverse, which sees a change
   * however many quiet paths the endpoint has; and its most telling path among those that can be
   * tested, held to the share of one of them, which sees a structural change on a path whose value
   * the old build varies (where the two differ at as many places, but not at the same ones).
   */
  private static Double endpointTest(EndpointTally e, List<Path> paths) {
    int tested = 0;
    double best = 1;
    for (Path p : paths) {
      if (p.evidence().tested()) {
        tested++;
        best = Math.min(best, p.evidence().p());
      }
    }
    boolean ahead = e.candidateAhead + e.secondaryAhead > 0;
    if (tested == 0 && !ahead) {
      return null;
    }
    double asym = ahead ? NoiseJudge.signTest(e.candidateAhead, e.secondaryAhead) : 1;
    double byPath = tested == 0 ? 1 : Math.min(1, best * tested);
    return Math.min(1, 2 * Math.min(asym, byPath));
  }

  /**
   * "with 0.01 shared by the 12 endpoint-level tests of this run and the 3 paths of this endpoint
   * (Holm)".
   */
  private static String sharing(double alpha, String shared, int paths) {
    if (shared.isEmpty() && paths <= 1) {
      return "";
    }
    String ofPaths = paths <= 1 ? "" : "the " + paths + " paths of this endpoint (Holm)";
    return "with "
        + alpha
        + " shared by "
        + (shared.isEmpty() ? ofPaths : ofPaths.isEmpty() ? shared : shared + " and " + ofPaths);
  }

  private static CrossCuttingFinding crossCutting(
      List<Path> members,
      List<Path> seen,
      List<Path> parts,
      double p,
      double alpha,
      String shared,
      int examplesPerFinding) {
    if (seen.size() < 2) {
      return null; // seen on one endpoint only: judged there, as any other path
    }
    List<Endpoint> endpoints = new ArrayList<>();
    List<Endpoint> shownOn = new ArrayList<>();
    List<String> examples = new ArrayList<>();
    long requests = 0;
    long candidate = 0;
    long noise = 0;
    long both = 0;
    for (Path m : members) {
      requests += m.endpoint().requests;
      candidate += m.tally().candidate;
      noise += m.tally().noise;
      both += m.tally().both;
    }
    for (Path m : seen) {
      endpoints.add(m.endpoint().endpoint);
      if (parts.contains(m)) {
        shownOn.add(m.endpoint().endpoint);
      }
      if (examples.size() < examplesPerFinding && !m.tally().candidateExamples.isEmpty()) {
        examples.add(m.tally().candidateExamples.get(0));
      }
    }
    FindingKey key = members.get(0).key();
    String reason =
        "Judged on the "
            + members.size()
            + " endpoints where either build differs here, together ("
            + NoiseJudge.count(requests)
            + " requests): the candidate differs on "
            + NoiseJudge.count(candidate)
            + " asks, the secondary on "
            + NoiseJudge.count(noise)
            + "; "
            + NoiseJudge.pValue(p)
            + (shared.isEmpty() ? ", needs < " + alpha : ", with " + alpha + " shared by " + shared)
            + ". Seen on "
            + endpoints.size()
            + " endpoints; "
            + (shownOn.size() == endpoints.size()
                ? "shown on each of them on its own requests too, within that share."
                : "shown on its own requests, within that share, on "
                    + (shownOn.isEmpty()
                        ? "none of them yet"
                        : shownOn.size() + " (" + names(shownOn) + ")")
                    + "; on the others too few of their requests tell it yet, and they keep"
                    + " their own verdict.");
    return new CrossCuttingFinding(
        key.path(),
        key.kind(),
        endpoints,
        shownOn,
        requests,
        candidate,
        noise,
        both,
        p,
        reason,
        examples);
  }

  private static String names(List<Endpoint> endpoints) {
    return String.join(", ", endpoints.stream().map(Endpoint::toString).toList());
  }

  /** 0.01, 0.00333, 7.7e-04: three significant digits, no trailing zeros. */
  private static String format(double p) {
    if (p < 0.001) {
      return String.format(Locale.ROOT, "%.1e", p);
    }
    return new java.math.BigDecimal(p)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }
}
