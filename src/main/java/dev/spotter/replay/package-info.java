/**
 * Differential replay: {@link dev.spotter.replay.ReplayEngine} streams a corpus to the primary, the
 * secondary (or the primary again) and the candidate at once over {@link
 * dev.spotter.proxy.UpstreamClient}, decodes the answers, and hands them to the diff package; the
 * result is a {@link dev.spotter.replay.CheckResult}, the contract with the report writers. It
 * never reads captures itself (the CLI passes the corpus and the redaction to apply to examples).
 */
package dev.spotter.replay;
