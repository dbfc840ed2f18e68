package dev.spotter.store;

import java.time.Instant;

/**
 * A check split across {@code spotter worker} processes: what its coordinator asks the workers to
 * replay and against what. The run it belongs to is an ordinary run row with the same id.
 *
 * @param runId the id of the run this job fills
 * @param state {@code open} while workers replay, then {@code finished} or {@code failed}
 * @param source where the exchanges come from, such as {@code kafka://127.0.0.1:9092/traffic}
 * @param settingsJson the targets, bounds and partition ranges, as the coordinator wrote them
 * @param createdAt when the coordinator opened the job
 * @param updatedAt when its state last changed or, while it is open, when its coordinator last said
 *     it is at work on it ({@link Store#touchCheckJob})
 */
public record StoredCheckJob(
    String runId,
    String state,
    String source,
    String settingsJson,
    Instant createdAt,
    Instant updatedAt) {}
