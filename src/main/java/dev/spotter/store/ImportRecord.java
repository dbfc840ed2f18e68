package dev.spotter.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A file that was imported into a corpus, remembered so the same bytes are not imported twice by
 * mistake.
 *
 * @param corpus the corpus it went into
 * @param fileName the file's name, without its directory
 * @param sha256 SHA-256 of the file's bytes, lower-case hex
 * @param exchanges how many exchanges the import stored
 * @param importedAt when the import finished
 */
public record ImportRecord(
    String corpus, String fileName, String sha256, long exchanges, Instant importedAt) {
  public ImportRecord {
    Objects.requireNonNull(corpus, "corpus");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(importedAt, "importedAt");
  }
}
