/**
 * The canary judge: pure statistics deciding, from what the baseline and canary arms showed during
 * a step so far, whether the canary is worse (FAIL), demonstrably not worse (PASS) or not yet
 * either (INCONCLUSIVE).
 *
 * <p>The judge is asked again and again on growing data, so every test in here is sequential and
 * stays valid under any number of looks (mixture martingales and Ville's inequality; see
 * docs/canary-judge.md). The false-alarm level of a whole canary run is split evenly over its
 * metrics and steps. The package does no I/O, keeps no clock and starts no thread; it depends on
 * java.* and commons-math3 only.
 */
package dev.spotter.canary.judge;
