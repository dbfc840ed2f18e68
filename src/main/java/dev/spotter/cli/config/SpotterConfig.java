package dev.spotter.cli.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code spotter.yaml}, exactly as written: every key optional, unknown keys and
 * wrong types rejected at load with file, line and key. Defaults are applied where the settings of
 * each feature are built, not here, so "not written" and "written" stay distinguishable.
 */
public record SpotterConfig(
    Targets targets,
    String store,
    String corpus,
    Replay replay,
    Diff diff,
    List<String> endpoints,
    Noise noise,
    Redaction redaction,
    Capture capture,
    Report report) {

  public static SpotterConfig empty() {
    return new SpotterConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** Base URLs of the three builds. */
  public record Targets(String primary, String secondary, String candidate) {}

  /** How requests are replayed. */
  public record Replay(
      Integer concurrency,
      Double rate,
      DurationValue timeout,
      Boolean allowSideEffects,
      Map<String, String> setHeaders,
      SizeValue maxBodySize) {}

  /** What the diff compares. */
  public record Diff(
      List<String> ignoreHeaders,
      List<String> compareHeaders,
      List<IgnoreRule> ignore,
      List<ArrayRuleConfig> arrays) {}

  /** A path whose differences are dropped, optionally for one endpoint only. */
  public record IgnoreRule(String path, String endpoint) {}

  /** How the array at a path is matched. */
  public record ArrayRuleConfig(String path, String mode, String key, String endpoint) {}

  /** Thresholds of the noise judgement. */
  public record Noise(
      Double minRelativeExcess,
      Double minAbsoluteExcess,
      Double significance,
      Integer examplesPerFinding) {}

  /** What is redacted before anything reaches disk. */
  public record Redaction(
      List<String> headers,
      @JsonProperty("queryParams") List<String> queryParams,
      List<String> bodyPaths,
      String marker,
      Boolean keepDefaults) {}

  /** Limits on what is captured. */
  public record Capture(SizeValue maxBodySize) {}

  /** Where reports go. */
  public record Report(String dir) {}
}
