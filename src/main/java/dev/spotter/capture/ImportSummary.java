package dev.spotter.capture;

import java.util.List;

/**
 * What an import did.
 *
 * @param file the file's name
 * @param corpus the corpus it went into
 * @param imported exchanges stored
 * @param skipped entries left out, with where and why (only when skipping was asked for)
 * @param responsesMissing stored exchanges that have a request but no response
 * @param truncatedBodies request and response bodies stored truncated (over the cap, or marked cut
 *     in the file); bodies the file does not hold at all are counted in {@code bodiesNotCaptured}
 * @param valuesAsText numbers, booleans and nulls the file has where the format wants a string,
 *     read as their text
 * @param bodiesNotCaptured request and response bodies the recorder did not write down (stored
 *     empty and marked incomplete)
 * @param redacted the values redaction replaced in what was stored, by kind
 */
public record ImportSummary(
    String file,
    String corpus,
    long imported,
    List<SkippedEntry> skipped,
    long responsesMissing,
    long truncatedBodies,
    long valuesAsText,
    long bodiesNotCaptured,
    RedactionCounts redacted) {
  public ImportSummary {
    skipped = List.copyOf(skipped);
    java.util.Objects.requireNonNull(redacted, "redacted");
  }
}
