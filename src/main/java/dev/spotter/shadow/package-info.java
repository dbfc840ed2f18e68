/**
 * The mirroring policy of {@code spotter shadow} on top of {@link dev.spotter.proxy}: which live
 * requests are copied to the secondary and the candidate, the bounded queue and connection pools
 * that keep a slow or dead mirror away from clients, and the live judgement of the three answers
 * with the same diff and noise logic as a check.
 */
package dev.spotter.shadow;
