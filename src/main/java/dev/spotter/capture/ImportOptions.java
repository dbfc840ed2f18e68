package dev.spotter.capture;

/**
 * How an import treats its input.
 *
 * @param bodyCapBytes bodies longer than this are stored cut to this length and marked truncated
 * @param batchSize how many exchanges go to the store in one transaction
 * @param skipInvalid false (the default): one invalid entry fails the whole file and nothing is
 *     added; true: invalid entries are skipped, counted and named, and the rest is imported
 * @param allowRepeat false (the default): a file whose bytes were already imported into the corpus
 *     is refused; true: it is imported again, doubling what it holds
 */
public record ImportOptions(
    long bodyCapBytes, int batchSize, boolean skipInvalid, boolean allowRepeat) {
  public static final long DEFAULT_BODY_CAP = 10L * 1024 * 1024;
  public static final int DEFAULT_BATCH_SIZE = 500;

  public ImportOptions {
    if (bodyCapBytes < 0) {
      throw new IllegalArgumentException("bodyCapBytes must not be negative: " + bodyCapBytes);
    }
    if (bodyCapBytes > Integer.MAX_VALUE - 8) {
      bodyCapBytes = Integer.MAX_VALUE - 8; // the longest byte array a JVM holds
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
  }

  public static ImportOptions defaults() {
    return new ImportOptions(DEFAULT_BODY_CAP, DEFAULT_BATCH_SIZE, false, false);
  }

  public ImportOptions withBodyCap(long bytes) {
    return new ImportOptions(bytes, batchSize, skipInvalid, allowRepeat);
  }

  public ImportOptions withBatchSize(int size) {
    return new ImportOptions(bodyCapBytes, size, skipInvalid, allowRepeat);
  }

  public ImportOptions skippingInvalid(boolean skip) {
    return new ImportOptions(bodyCapBytes, batchSize, skip, allowRepeat);
  }

  /** These options, allowing or refusing a file already imported into the corpus. */
  public ImportOptions allowingRepeat(boolean allow) {
    return new ImportOptions(bodyCapBytes, batchSize, skipInvalid, allow);
  }
}
