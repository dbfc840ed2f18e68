package dev.spotter.web.view;

import dev.spotter.report.GuardLine;
import java.util.List;

/**
 * A stored run's page.
 *
 * @param reportable its report can be shown (a check or shadow run with a stored report)
 * @param guards what the check's guards found, part of its verdict; empty for a run without any
 */
public record RunView(RunRow run, boolean reportable, List<GuardLine> guards) {}
