package dev.spotter.web.view;

/**
 * A stored run's page.
 *
 * @param reportable its report can be shown (a check or shadow run with a stored report)
 */
public record RunView(RunRow run, boolean reportable) {}
