package dev.spotter.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code spotter ingest} consumes and where it puts it. Validated here once; a bad value is an
 * {@link IllegalArgumentException} naming the field.
 *
 * @param from the topic to consume
 * @param groupId the consumer group; processes of one group share the topic's partitions
 * @param corpus the corpus every exchange goes to, or null to follow each record's corpus header
 * @param defaultCorpus the corpus of records that name none (when {@code corpus} is null)
 * @param idleExit stop once nothing new arrived for this long; null to run until stopped
 * @param clientId Kafka's client.id of the consumer
 */
public record IngestSettings(
    KafkaAddress from,
    String groupId,
    String corpus,
    String defaultCorpus,
    Duration idleExit,
    String clientId) {

  public static final String DEFAULT_GROUP = "spotter-ingest";

  public IngestSettings {
    Objects.requireNonNull(from, "from");
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException(
          "groupId must name a consumer group, not '" + groupId + "'");
    }
    if (corpus != null && corpus.isBlank()) {
      throw new IllegalArgumentException("corpus must name a corpus or be absent, not blank");
    }
    if (defaultCorpus == null || defaultCorpus.isBlank()) {
      throw new IllegalArgumentException("defaultCorpus must name a corpus");
    }
    if (idleExit != null && (idleExit.isNegative() || idleExit.isZero())) {
      throw new IllegalArgumentException("idleExit must be positive, not " + idleExit);
    }
    clientId = clientId == null || clientId.isBlank() ? "spotter-ingest" : clientId;
  }

  /** The corpus of a record whose producer named {@code named} (null when it named none). */
  String corpusFor(String named) {
    if (corpus != null) {
      return corpus;
    }
    return named != null ? named : defaultCorpus;
  }
}
