package dev.spotter.report;

import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.incident.Guard;
import dev.spotter.incident.Guards;
import dev.spotter.model.Endpoint;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.RunInfo;
import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which endpoints the stored check runs compared and the active guards replay. A run covers an
 * endpoint when its report counts requests of it that were compared; a guard when its request falls
 * under it with the grouper the map uses. An endpoint is credited to every run read that compared
 * it, newest first.
 */
public final class ServiceMapCoverage {
  /** How many of the most recent runs are read unless told otherwise. */
  public static final int DEFAULT_RUNS = 50;

  private static final Set<String> RUN_KINDS = Set.of(RunInfo.CHECK, RunInfo.SHADOW);

  private final Map<Endpoint, List<ServiceMap.RunRef>> runs;
  private final Map<Endpoint, List<Long>> guards;
  private final int runsRead;
  private final int guardsRead;

  private ServiceMapCoverage(
      Map<Endpoint, List<ServiceMap.RunRef>> runs,
      Map<Endpoint, List<Long>> guards,
      int runsRead,
      int guardsRead) {
    this.runs = runs;
    this.guards = guards;
    this.runsRead = runsRead;
    this.guardsRead = guardsRead;
  }

  /** Nothing covers anything: every endpoint is a gap. */
  public static ServiceMapCoverage none() {
    return new ServiceMapCoverage(Map.of(), Map.of(), 0, 0);
  }

  /**
   * Reads the check and shadow runs among the {@code recentRuns} most recent runs of the store (a
   * report that cannot be read, say from a newer Spotter, is passed over) and the active guards.
   */
  public static ServiceMapCoverage from(
      Store store, EndpointGrouper grouper, Clock clock, int recentRuns) {
    Map<Endpoint, List<ServiceMap.RunRef>> runs = new HashMap<>();
    int read = 0;
    for (StoredRun listed : store.recentRuns(recentRuns)) {
      if (!RUN_KINDS.contains(listed.kind())) {
        continue;
      }
      List<EndpointReport> compared = compared(store, listed.id());
      if (compared == null) {
        continue;
      }
      read++;
      for (EndpointReport e : compared) {
        if (e.requests() > 0) {
          List<ServiceMap.RunRef> credited =
              runs.computeIfAbsent(e.endpoint(), k -> new ArrayList<>());
          // a report lists an endpoint once; the check guards against one that does not
          if (credited.isEmpty() || !credited.get(credited.size() - 1).id().equals(listed.id())) {
            credited.add(new ServiceMap.RunRef(listed.id(), listed.kind()));
          }
        }
      }
    }
    Map<Endpoint, List<Long>> guarded = new HashMap<>();
    List<Guard> active = new Guards(store, clock).list(true);
    for (Guard g : active) {
      Endpoint e = grouper.endpointOf(g.request().method(), g.request().path());
      guarded.computeIfAbsent(e, k -> new ArrayList<>()).add(g.id());
    }
    return new ServiceMapCoverage(runs, guarded, read, active.size());
  }

  /** The endpoints a stored run's report compared, or null when it cannot be read. */
  private static List<EndpointReport> compared(Store store, String id) {
    String json = store.run(id).map(StoredRun::reportJson).orElse(null);
    if (json == null) {
      return null;
    }
    try {
      return JsonReportReader.read(json).endpoints();
    } catch (SpotterException unreadable) {
      return null; // one unreadable report must not hide what the others cover
    }
  }

  ServiceMap.Coverage of(Endpoint endpoint) {
    return new ServiceMap.Coverage(
        runs.getOrDefault(endpoint, List.of()), guards.getOrDefault(endpoint, List.of()));
  }

  int runsRead() {
    return runsRead;
  }

  int guardsRead() {
    return guardsRead;
  }
}
