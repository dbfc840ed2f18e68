package dev.spotter.canary;

import java.util.List;

/** The two arms' tallies of one step; a new window starts with each step (and each resume). */
final class StepWindow {
  final ArmTally baseline;
  final ArmTally canary;

  StepWindow(List<String> valueSources, long seed) {
    this.baseline = new ArmTally(valueSources, seed);
    this.canary = new ArmTally(valueSources, seed ^ 0x5DEECE66DL);
  }

  ArmTally arm(int route) {
    return route == 0 ? baseline : canary;
  }
}
