package dev.spotter.capture;

/**
 * What a {@link Recorder} did with the traffic it saw, for the command line's closing line. Every
 * exchange the recorder asked for is exactly one of recorded, shed, failed, or (until it closes)
 * still queued.
 *
 * @param recorded exchanges the store acknowledged
 * @param shed exchanges dropped because the queue was full (or arrived after closing began)
 * @param filtered requests not recorded because of their method or endpoint
 * @param sampledOut requests that matched but fell outside the sample
 * @param failed exchanges lost because the store refused their batch
 * @param undecodable exchanges whose response claimed a content coding its bytes did not follow, so
 *     its body was stored as it came (counted when converted, also when the batch then failed)
 * @param queued exchanges still waiting for the store (0 once the recorder is closed)
 * @param redacted the values redaction replaced in what was converted, by kind
 */
public record RecordSummary(
    long recorded,
    long shed,
    long filtered,
    long sampledOut,
    long failed,
    long undecodable,
    long queued,
    RedactionCounts redacted) {

  /** Requests not asked for at all: filtered plus sampled out. */
  public long skipped() {
    return filtered + sampledOut;
  }
}
