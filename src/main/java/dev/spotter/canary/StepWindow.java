package dev.spotter.canary;

import java.util.List;

/** The two arms' tallies of one step; a new window starts with each step (and each resume). */
final class StepWindow {
  final ArmTally baseline;
  final ArmTally canary;

  StepWindow(List<String> headerSources, List<String> externalSources) {
    this.baseline = new ArmTally(headerSources, externalSources);
    this.canary = new ArmTally(headerSources, externalSources);
  }

  ArmTally arm(int route) {
    return route == 0 ? baseline : canary;
  }
}
