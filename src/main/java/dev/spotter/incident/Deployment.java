package dev.spotter.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One deployment to production, as DORA's metrics need it.
 *
 * @param id assigned by the store; 0 before saving
 * @param version what was deployed (a version, tag or commit)
 * @param commitTime when the change's first commit was made, for the change lead time; null when
 *     unknown
 * @param deployedAt when it reached production
 * @param result how it turned out
 * @param recoveredAt for a failed deployment, when service was restored (rollback done, hotfix out,
 *     incident resolved); null when unknown or not failed
 * @param unplanned the deployment was made because of a production incident (a hotfix, a
 *     roll-forward): DORA's rework
 * @param source {@code cli} or {@code canary}
 */
public record Deployment(
    long id,
    String version,
    Instant commitTime,
    Instant deployedAt,
    DeployResult result,
    Instant recoveredAt,
    boolean unplanned,
    String source) {
  public Deployment {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(deployedAt, "deployedAt");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(source, "source");
  }
}
