package dev.spotter.incident;

import dev.spotter.store.Store;
import dev.spotter.store.StoredDeployment;
import java.time.Instant;
import java.util.List;

/** Deployments in the store, the raw material of the DORA figures. */
public final class Deployments {
  private final Store store;

  public Deployments(Store store) {
    this.store = store;
  }

  /**
   * Records a deployment.
   *
   * @throws IllegalArgumentException naming the field: a commit after the deployment, a recovery
   *     before it, a recovery time on a deployment that did not fail
   */
  public Deployment record(Deployment d) {
    if (d.version().isBlank()) {
      throw new IllegalArgumentException("version: say what was deployed");
    }
    if (d.commitTime() != null && d.commitTime().isAfter(d.deployedAt())) {
      throw new IllegalArgumentException(
          "commit-time: "
              + d.commitTime()
              + " is after the deployment ("
              + d.deployedAt()
              + "); a change is committed before it is deployed");
    }
    if (d.recoveredAt() != null) {
      if (!d.result().failed()) {
        throw new IllegalArgumentException(
            "recovered: only a failed deployment (rolled-back, hotfix, incident) recovers");
      }
      if (d.recoveredAt().isBefore(d.deployedAt())) {
        throw new IllegalArgumentException(
            "recovered: " + d.recoveredAt() + " is before the deployment (" + d.deployedAt() + ")");
      }
    }
    long id =
        store.recordDeployment(
            new StoredDeployment(
                0,
                d.version().strip(),
                d.commitTime(),
                d.deployedAt(),
                d.result().wireName(),
                d.recoveredAt(),
                d.unplanned(),
                d.source()));
    return new Deployment(
        id,
        d.version().strip(),
        d.commitTime(),
        d.deployedAt(),
        d.result(),
        d.recoveredAt(),
        d.unplanned(),
        d.source());
  }

  /** Deployments made in [from, to), oldest first. */
  public List<Deployment> between(Instant from, Instant to) {
    return store.deployments(from, to).stream()
        .map(
            s ->
                new Deployment(
                    s.id(),
                    s.version(),
                    s.commitTime(),
                    s.deployedAt(),
                    DeployResult.parse(s.result()),
                    s.recoveredAt(),
                    s.unplanned(),
                    s.source()))
        .toList();
  }

  /** The DORA figures of the deployments in [from, to). */
  public DoraReport report(Instant from, Instant to) {
    return DoraMetrics.compute(between(from, to), from, to);
  }
}
