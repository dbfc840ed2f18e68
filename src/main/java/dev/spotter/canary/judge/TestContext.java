package dev.spotter.canary.judge;

/**
 * What every metric's test needs besides its data.
 *
 * @param alpha the false-alarm level of one metric in one step (the run's alpha, split)
 * @param mixture the normal-mixture boundary at that level
 * @param minSamples the fewest samples per arm worth judging
 */
record TestContext(double alpha, NormalMixture mixture, int minSamples) {
  static TestContext of(JudgeSettings settings) {
    double alpha = settings.alphaPerTest();
    return new TestContext(alpha, new NormalMixture(alpha), settings.minSamples());
  }

  /** The coverage of the reported anytime intervals, e.g. "99.3 %". */
  String level() {
    return Texts.level(alpha);
  }

  /** log(1/alpha): the evidence a mixture martingale must reach to reject. */
  double logLimit() {
    return Math.log(1 / alpha);
  }
}
