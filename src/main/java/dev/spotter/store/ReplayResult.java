package dev.spotter.store;

/**
 * What a worker got back for one exchange of a distributed check, kept until the coordinator folds
 * it into the run's report. Stored at most once per exchange: a result written again (a worker that
 * died after storing but before committing its offsets, and a second that replayed the same
 * exchange) is ignored.
 *
 * @param exchangeId the exchange's capture id (or its place in the stream when it has none)
 * @param partition the stream partition it was read from
 * @param offset its offset within that partition; with the partition, the order results are read
 * @param worker which worker replayed it, for the operator
 * @param resultJson the three answers, as the worker encoded them
 */
public record ReplayResult(
    String exchangeId, int partition, long offset, String worker, String resultJson) {}
