package dev.spotter.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.HostChoice;
import dev.spotter.replay.ReplaySettings;
import dev.spotter.stream.KafkaAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the coordinator of a distributed check tells its workers, stored with the job: where the
 * exchanges are, which offsets of each partition the check covers, how to replay them, and how long
 * a repeat task waits for a worker that fell silent. The workers need nothing else, so every worker
 * replays exactly as the coordinator was told to.
 *
 * @param stream the topic the exchanges are read from
 * @param partitions the range of every partition of the topic
 * @param replay the targets and bounds; concurrency and rate apply to each worker
 * @param claimTimeout how long a repeat task stays with a worker that stopped renewing its claim
 *     (it died) before another worker may take it; the same for every worker of the check, since
 *     each judges the others' claims by it
 */
public record CheckJobSettings(
    KafkaAddress stream,
    List<PartitionRange> partitions,
    ReplaySettings replay,
    Duration claimTimeout) {
  /** Long enough for a store that answers slowly now and then, short next to a check's repeats. */
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(30);

  static final Duration MIN_CLAIM_TIMEOUT = Duration.ofSeconds(1);
  static final Duration MAX_CLAIM_TIMEOUT = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  public CheckJobSettings {
    partitions = List.copyOf(partitions);
    if (claimTimeout.compareTo(MIN_CLAIM_TIMEOUT) < 0
        || claimTimeout.compareTo(MAX_CLAIM_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "the claim timeout must lie between 1s and 1h, not " + claimTimeout);
    }
  }

  public CheckJobSettings(
      KafkaAddress stream, List<PartitionRange> partitions, ReplaySettings replay) {
    this(stream, partitions, replay, DEFAULT_CLAIM_TIMEOUT);
  }

  /** The same check with another claim timeout for its repeat tasks. */
  public CheckJobSettings withClaimTimeout(Duration timeout) {
    return new CheckJobSettings(stream, partitions, replay, timeout);
  }

  /**
   * The same check with the values of its {@code --set-header} headers taken from {@code given}
   * (the worker's own {@code --set-header}): the stored job names them but never holds their
   * values.
   *
   * @throws SpotterException {@code fleet.set_header_missing} when the worker was not given a value
   *     for a header the check sets
   */
  public CheckJobSettings withSetHeaderValues(String runId, Headers given) {
    List<Header> filled = new ArrayList<>();
    for (Header h : replay.overrideHeaders().entries()) {
      String value =
          given
              .first(h.name())
              .orElseThrow(
                  () ->
                      new SpotterException(
                          "fleet.set_header_missing",
                          "check run "
                              + runId
                              + " sets the header '"
                              + h.name()
                              + "' on every request; its value is never stored, so give this"
                              + " worker the same --set-header '"
                              + h.name()
                              + ": VALUE'"));
      filled.add(new Header(h.name(), value));
    }
    return new CheckJobSettings(
        stream, partitions, replay.withOverrideHeaders(new Headers(filled)), claimTimeout);
  }

  /** How many records the check covers in all. */
  public long records() {
    return partitions.stream().mapToLong(PartitionRange::size).sum();
  }

  /** The range of a partition, or null when the check does not cover it. */
  PartitionRange range(int partition) {
    for (PartitionRange r : partitions) {
      if (r.partition() == partition) {
        return r;
      }
    }
    return null;
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("stream", stream.toString());
    var parts = root.putArray("partitions");
    for (PartitionRange r : partitions) {
      parts.addObject().put("partition", r.partition()).put("start", r.start()).put("end", r.end());
    }
    ObjectNode r = root.putObject("replay");
    r.put("primary", replay.primary());
    r.put("secondary", replay.secondary());
    r.put("candidate", replay.candidate());
    r.put("concurrency", replay.concurrency());
    r.put("rate_per_second", replay.ratePerSecond());
    r.put("timeout_ms", replay.timeout().toMillis());
    r.put("allow_side_effects", replay.allowSideEffects());
    var headers = r.putArray("override_headers");
    for (Header h : replay.overrideHeaders().entries()) {
      // the name only: a --set-header value (a test token) is never written to the store; each
      // worker is given it on its own command line
      headers.addArray().add(h.name()).add(ReplaySettings.SET_HEADER_VALUE);
    }
    r.put("max_body_bytes", replay.maxBodyBytes());
    r.put("host", replay.host().toString());
    root.put("repeat_claim_timeout_ms", claimTimeout.toMillis());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of plain values", e);
    }
  }

  /**
   * @throws SpotterException {@code fleet.bad_job} when the stored settings cannot be read (a job
   *     written by another version of Spotter, say)
   */
  static CheckJobSettings fromJson(String runId, String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<PartitionRange> parts = new ArrayList<>();
      for (JsonNode p : root.path("partitions")) {
        parts.add(
            new PartitionRange(
                p.path("partition").asInt(), p.path("start").asLong(), p.path("end").asLong()));
      }
      JsonNode r = root.path("replay");
      List<Header> headers = new ArrayList<>();
      for (JsonNode h : r.path("override_headers")) {
        headers.add(new Header(h.path(0).asText(), h.path(1).asText()));
      }
      ReplaySettings replay =
          new ReplaySettings(
              r.path("primary").asText(),
              r.path("secondary").isNull() ? null : r.path("secondary").asText(null),
              r.path("candidate").asText(),
              r.path("concurrency").asInt(ReplaySettings.DEFAULT_CONCURRENCY),
              r.path("rate_per_second").asDouble(0),
              Duration.ofMillis(
                  r.path("timeout_ms").asLong(ReplaySettings.DEFAULT_TIMEOUT.toMillis())),
              r.path("allow_side_effects").asBoolean(false),
              new Headers(headers),
              r.path("max_body_bytes").asLong(ReplaySettings.DEFAULT_MAX_BODY_BYTES),
              // a job stored before --host existed sent each target its own
              HostChoice.parse(r.path("host").asText("target")));
      Duration claimTimeout =
          Duration.ofMillis(
              root.path("repeat_claim_timeout_ms").asLong(DEFAULT_CLAIM_TIMEOUT.toMillis()));
      return new CheckJobSettings(
          KafkaAddress.parse(root.path("stream").asText()), parts, replay, claimTimeout);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new SpotterException(
          "fleet.bad_job",
          "the settings of check run " + runId + " cannot be read: " + e.getMessage());
    }
  }
}
