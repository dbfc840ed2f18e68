package dev.spotter.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The DORA figures of the deployments made in one window {@code [from, to)}, as {@link DoraMetrics}
 * computes them.
 *
 * @param from the window's start, included
 * @param to the window's end, excluded
 * @param deploymentFrequency deployments per week; its sample size is the number of deployments in
 *     the window
 * @param leadTime the median change lead time, in hours
 * @param leadTimeP90 the 90th percentile of the same lead times, in hours (nearest rank); not rated
 * @param changeFailRate the share of deployments that failed, in %
 * @param recoveryTime the median failed deployment recovery time, in hours
 * @param reworkRate the share of unplanned deployments, in %; not rated
 */
public record DoraReport(
    Instant from,
    Instant to,
    DoraFigure deploymentFrequency,
    DoraFigure leadTime,
    DoraFigure leadTimeP90,
    DoraFigure changeFailRate,
    DoraFigure recoveryTime,
    DoraFigure reworkRate) {
  public DoraReport {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(deploymentFrequency, "deploymentFrequency");
    Objects.requireNonNull(leadTime, "leadTime");
    Objects.requireNonNull(leadTimeP90, "leadTimeP90");
    Objects.requireNonNull(changeFailRate, "changeFailRate");
    Objects.requireNonNull(recoveryTime, "recoveryTime");
    Objects.requireNonNull(reworkRate, "reworkRate");
  }

  /** The five DORA figures in the report's order (the lead time's p90 is not one of them). */
  public List<DoraFigure> figures() {
    return List.of(deploymentFrequency, leadTime, changeFailRate, recoveryTime, reworkRate);
  }

  /** The number of deployments made in the window. */
  public long deployments() {
    return deploymentFrequency.sampleSize();
  }

  /** The window's length. */
  public Duration window() {
    return Duration.between(from, to);
  }

  /** Deployments per day (24 hours) over the window. */
  public double deploymentsPerDay() {
    return deploymentFrequency.value() / 7;
  }

  /** Deployments per week over the window: the deployment frequency's value. */
  public double deploymentsPerWeek() {
    return deploymentFrequency.value();
  }

  /** Deployments per month over the window, a month counting as 30 days. */
  public double deploymentsPerMonth() {
    return deploymentFrequency.value() * 30 / 7;
  }
}
