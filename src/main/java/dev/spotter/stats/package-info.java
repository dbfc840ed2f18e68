/**
 * Sequential tests shared by the check's noise judgement ({@code diff.noise}) and the canary judge
 * ({@code canary.judge}): mixture martingales that stay valid however often their evidence is
 * looked at, which is what lets a check ask again until it has decided and a canary judge every few
 * seconds. Pure: no I/O, no clock, no threads; it depends on java.* and commons-math3 only.
 */
package dev.spotter.stats;
