package dev.spotter.web.view;

import dev.spotter.report.GuardLine;
import dev.spotter.report.RunHeadline;
import java.util.List;

/**
 * A stored run's page.
 *
 * @param reportable its report can be shown (a check or shadow run with a stored report)
 * @param guards what the check's guards found, part of its verdict; empty for a run without any
 * @param headline the top of its report, in the words every report uses; null when it has no
 *     readable check report
 */
public record RunView(
    RunRow run, boolean reportable, List<GuardLine> guards, RunHeadline headline) {}
