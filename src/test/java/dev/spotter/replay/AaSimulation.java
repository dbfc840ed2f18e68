package dev.spotter.replay;

import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.ResponseDiffer;
import dev.spotter.diff.ValueChange;
import dev.spotter.diff.noise.FindingCollector;
import dev.spotter.diff.noise.NoiseSettings;
import dev.spotter.diff.noise.RequestRef;
import dev.spotter.diff.noise.RunFindings;
import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded A/A check, asked again as a real check asks: a service whose three copies (primary,
 * secondary, and a candidate that is just a third copy) vary the way real services do, and the
 * judgement and the repeats run exactly as in a check. What varies, per endpoint:
 *
 * <ul>
 *   <li>values random on every call (ids, timestamps): every copy differs from the primary;
 *   <li>values random on some calls only, at rates from 2 to 50 %;
 *   <li>values drawn from two or three possibilities (a set in random order, a coin);
 *   <li>optional fields present on a share of the calls, from 2 to 98 %;
 *   <li>instance-level noise: each separately started copy carries its own state into the answers
 *       of a fixed share of the requests, on every ask of them. Either every copy's state is its
 *       own (a start time, an instance id: any two copies differ there, so the secondary shows it
 *       wherever the candidate does), or each copy is in one of two states (a cache warmed or not):
 *       then a candidate alone in its state shows a difference the secondary does not, which no
 *       number of asks tells from a change.
 * </ul>
 *
 * Requests fall on endpoints unevenly (some seen once), and corpora range from 5 to 2,000 requests.
 * A run is a false alarm when it ends with any regression, or with anything undecided. In an A/B
 * run the candidate also really drops one field on one endpoint, which must be found.
 */
final class AaSimulation {
  private static final int[] SIZES = {5, 10, 20, 40, 100, 300, 2000};

  /** What one simulated check ended with. */
  record Outcome(
      long seed,
      int requests,
      long regressions,
      long undecided,
      long repeatExchanges,
      List<String> alarms,
      boolean plantedFound,
      boolean candidateAloneInItsState) {
    /** Any regression but the planted one, or anything undecided. */
    boolean falseAlarm() {
      return regressions > 0 || undecided > 0;
    }
  }

  /** How separately started copies differ in state. */
  enum Instances {
    /** Every copy has a state of its own: the secondary differs wherever the candidate does. */
    OWN_STATE,
    /** Each copy is in one of two states, at random: the candidate may be alone in its state. */
    TWO_STATES
  }

  private enum Kind {
    ALWAYS_RANDOM,
    SOMETIMES_RANDOM,
    FEW_VALUES,
    OPTIONAL_FIELD
  }

  private record NoisyPath(String path, Kind kind, double rate, int values) {}

  private record Site(Endpoint endpoint, List<NoisyPath> paths, double instanceShare) {}

  private AaSimulation() {}

  /** Corpus sizes cycle through 5 .. 2,000 with the seed. */
  static int sizeFor(long seed) {
    return SIZES[(int) (seed % SIZES.length)];
  }

  static Outcome run(long seed, NoiseSettings noise, RepeatSettings limits)
      throws InterruptedException {
    return run(seed, noise, limits, false);
  }

  /**
   * @param planted when true, the candidate really changes one field on one endpoint (chosen at
   *     random, the rare ones as likely as the busy ones), on every ask of its requests: an A/B run
   *     whose one change must be found
   */
  static Outcome run(long seed, NoiseSettings noise, RepeatSettings limits, boolean planted)
      throws InterruptedException {
    return run(seed, noise, limits, planted, Instances.OWN_STATE);
  }

  static Outcome run(
      long seed, NoiseSettings noise, RepeatSettings limits, boolean planted, Instances instances)
      throws InterruptedException {
    Random random = new Random(seed);
    // the state of the primary, the secondary and the candidate: 0 or 1 for two states; for their
    // own states, three different values
    int[] state =
        instances == Instances.TWO_STATES
            ? new int[] {random.nextInt(2), random.nextInt(2), random.nextInt(2)}
            : new int[] {0, 1, 2};
    int requests = sizeFor(seed);
    List<Site> sites = sites(random, 1 + random.nextInt(Math.min(10, requests)));
    FindingCollector collector = new FindingCollector(noise);
    Comparison comparison =
        Comparison.of(
            new ResponseDiffer(DiffSettings.defaults()), new EndpointGrouper(List.of()), collector);
    double[] weights = new double[sites.size()];
    double total = 0;
    for (int e = 0; e < sites.size(); e++) {
      weights[e] = 1 / Math.pow(e + 1, 1.3);
      total += weights[e];
    }
    List<Site> siteOf = new ArrayList<>();
    List<Boolean> showsInstance = new ArrayList<>();
    List<Site> seen = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      double pick = random.nextDouble() * total;
      int e = 0;
      while (e < sites.size() - 1 && pick > weights[e]) {
        pick -= weights[e];
        e++;
      }
      Site site = sites.get(e);
      siteOf.add(site);
      showsInstance.add(random.nextDouble() < site.instanceShare());
      if (!seen.contains(site)) {
        seen.add(site);
      }
    }
    // the rare endpoints as likely as the busy ones
    Endpoint changed = planted ? seen.get(random.nextInt(seen.size())).endpoint() : null;
    Map<RequestRef, Integer> requestOf = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      List<Difference>[] diffs = ask(random, siteOf.get(i), showsInstance.get(i), state, changed);
      RequestRef ref =
          collector.record(siteOf.get(i).endpoint(), "e" + i, diffs[1], diffs[0]).request();
      requestOf.put(ref, i);
    }
    Repeater repeater = new Repeater(limits, comparison, 8, System::nanoTime);
    Repeats repeats =
        repeater.runRounds(
            ref -> null,
            (plan, deadline) -> {
              long sent = 0;
              for (Map.Entry<RequestRef, Integer> p : plan.entrySet()) {
                int i = requestOf.get(p.getKey());
                for (int k = 0; k < p.getValue(); k++) {
                  List<Difference>[] diffs =
                      ask(random, siteOf.get(i), showsInstance.get(i), state, changed);
                  collector.recordRepeat(p.getKey(), diffs[1], diffs[0]);
                  sent++;
                }
              }
              return new Repeater.RoundSent(sent, 0);
            });
    RunFindings judged = collector.judge();
    boolean found =
        judged.endpoints().stream()
            .filter(e -> e.endpoint().equals(changed))
            .flatMap(e -> e.findings().stream())
            .anyMatch(f -> f.path().equals(PLANTED.path()) && f.isRegression());
    List<String> alarms = new ArrayList<>();
    judged
        .endpoints()
        .forEach(
            e ->
                e.findings().stream()
                    .filter(f -> !f.verdict().equals(dev.spotter.diff.noise.Verdict.NOISE))
                    .filter(f -> !f.path().equals(PLANTED.path()))
                    .forEach(
                        f ->
                            alarms.add(
                                e.endpoint()
                                    + " "
                                    + f.path()
                                    + " "
                                    + f.kind()
                                    + " "
                                    + f.verdict()
                                    + ": "
                                    + f.reason())));
    long plantedFindings = found ? 1 : 0;
    return new Outcome(
        seed,
        requests,
        judged.regressions() - plantedFindings,
        judged.undecided(),
        repeats.exchanges(),
        alarms,
        changed == null || found,
        state[2] != state[0] && state[1] == state[0] && showsInstance.contains(true));
  }

  private static List<Site> sites(Random random, int count) {
    List<Site> sites = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      List<NoisyPath> paths = new ArrayList<>();
      int noisy = random.nextInt(5);
      for (int p = 0; p < noisy; p++) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        double rate =
            switch (kind) {
              case SOMETIMES_RANDOM -> 0.02 + random.nextDouble() * 0.48;
              case OPTIONAL_FIELD -> 0.02 + random.nextDouble() * 0.96;
              default -> 1;
            };
        paths.add(new NoisyPath("/body/f" + p, kind, rate, 2 + random.nextInt(2)));
      }
      double instanceShare = random.nextBoolean() ? 0 : 0.05 + random.nextDouble() * 0.45;
      sites.add(new Site(new Endpoint("GET", "/r" + e + "/{id}"), paths, instanceShare));
    }
    return sites;
  }

  /**
   * One ask of one request: the secondary's differences from the primary, then the candidate's. The
   * candidate is one more copy of the old build, so both are drawn alike.
   */
  @SuppressWarnings("unchecked")
  private static List<Difference>[] ask(
      Random random, Site site, boolean showsInstance, int[] state, Endpoint changed) {
    List<Difference> secondary = new ArrayList<>();
    List<Difference> candidate = new ArrayList<>();
    for (NoisyPath p : site.paths()) {
      Object primary = value(random, p);
      Object s = value(random, p);
      Object c = value(random, p);
      add(secondary, p, primary, s);
      add(candidate, p, primary, c);
    }
    if (showsInstance) {
      // each copy's state shows on every ask of this request, wherever it is not the primary's
      Difference differs =
          new Difference(
              "/body/servedBy",
              "/body/servedBy",
              DifferenceKind.VALUE_CHANGED,
              "a",
              "b",
              new ValueChange.Textual("text", "text"));
      if (state[1] != state[0]) {
        secondary.add(differs);
      }
      if (state[2] != state[0]) {
        candidate.add(differs);
      }
    }
    if (site.endpoint().equals(changed)) {
      candidate.add(PLANTED);
    }
    return new List[] {secondary, candidate};
  }

  /** The one change of an A/B run: a field the new build no longer sends. */
  static final Difference PLANTED =
      new Difference(
          "/body/discount",
          "/body/discount",
          DifferenceKind.FIELD_MISSING,
          "5",
          null,
          ValueChange.NONE);

  /** One copy's value at a noisy path: null when an optional field is absent. */
  private static Object value(Random random, NoisyPath p) {
    return switch (p.kind()) {
      case ALWAYS_RANDOM -> random.nextLong();
      case SOMETIMES_RANDOM -> random.nextDouble() < p.rate() ? random.nextLong() : 0L;
      case FEW_VALUES -> (long) random.nextInt(p.values());
      case OPTIONAL_FIELD -> random.nextDouble() < p.rate() ? 1L : null;
    };
  }

  private static void add(List<Difference> into, NoisyPath p, Object primary, Object other) {
    if (java.util.Objects.equals(primary, other)) {
      return;
    }
    DifferenceKind kind =
        primary == null
            ? DifferenceKind.FIELD_ADDED
            : other == null ? DifferenceKind.FIELD_MISSING : DifferenceKind.VALUE_CHANGED;
    ValueChange change =
        kind == DifferenceKind.VALUE_CHANGED
            ? new ValueChange.Textual("text", "text")
            : ValueChange.NONE;
    into.add(new Difference(p.path(), p.path(), kind, "a", "b", change));
  }
}
