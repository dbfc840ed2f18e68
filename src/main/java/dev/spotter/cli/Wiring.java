package dev.spotter.cli;

import dev.spotter.capture.ImportOptions;
import dev.spotter.capture.RedactionKey;
import dev.spotter.capture.RedactionRules;
import dev.spotter.capture.Redactor;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.diff.DiffSettings;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.PathPattern;
import dev.spotter.diff.noise.NoiseSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the validated configuration into the settings of each feature, applying documented defaults
 * for what the file does not say. The one place where configuration meets the code.
 */
final class Wiring {
  static final String DEFAULT_CORPUS = "default";
  static final Path DEFAULT_REPORT_DIR = Path.of("spotter-report");

  private final SpotterConfig config;

  Wiring(SpotterConfig config) {
    this.config = config;
  }

  SpotterConfig config() {
    return config;
  }

  String corpus(String option) {
    if (option != null) {
      return option;
    }
    return config.corpus() != null ? config.corpus() : DEFAULT_CORPUS;
  }

  Path reportDir(Path option) {
    if (option != null) {
      return option;
    }
    return config.report() != null && config.report().dir() != null
        ? Path.of(config.report().dir())
        : DEFAULT_REPORT_DIR;
  }

  Optional<SpotterConfig.Targets> targets() {
    return Optional.ofNullable(config.targets());
  }

  Optional<SpotterConfig.Replay> replay() {
    return Optional.ofNullable(config.replay());
  }

  DiffSettings diffSettings() {
    SpotterConfig.Diff diff = config.diff();
    Set<String> ignored = new HashSet<>(DiffSettings.DEFAULT_IGNORED_HEADERS);
    List<DiffSettings.PathRule> paths = new ArrayList<>();
    List<DiffSettings.ArrayRule> arrays = new ArrayList<>();
    if (diff != null) {
      lower(diff.ignoreHeaders()).forEach(ignored::add);
      lower(diff.compareHeaders()).forEach(ignored::remove);
      for (SpotterConfig.IgnoreRule rule : orEmpty(diff.ignore())) {
        paths.add(
            new DiffSettings.PathRule(endpoint(rule.endpoint()), PathPattern.parse(rule.path())));
      }
      for (SpotterConfig.ArrayRuleConfig rule : orEmpty(diff.arrays())) {
        arrays.add(
            new DiffSettings.ArrayRule(
                endpoint(rule.endpoint()),
                PathPattern.parse(rule.path()),
                DiffSettings.ArrayMode.valueOf(rule.mode().toUpperCase(Locale.ROOT)),
                rule.key()));
      }
    }
    return new DiffSettings(ignored, paths, arrays);
  }

  NoiseSettings noiseSettings() {
    NoiseSettings d = NoiseSettings.defaults();
    SpotterConfig.Noise n = config.noise();
    if (n == null) {
      return d;
    }
    return new NoiseSettings(
        n.minRelativeExcess() != null ? n.minRelativeExcess() : d.minRelativeExcess(),
        n.minAbsoluteExcess() != null ? n.minAbsoluteExcess() : d.minAbsoluteExcess(),
        n.significance() != null ? n.significance() : d.significance(),
        n.examplesPerFinding() != null ? n.examplesPerFinding() : d.examplesPerFinding());
  }

  EndpointGrouper grouper() {
    return new EndpointGrouper(
        orEmpty(config.endpoints()).stream().map(EndpointPattern::parse).toList());
  }

  RedactionRules redactionRules() {
    SpotterConfig.Redaction r = config.redaction();
    if (r == null) {
      return RedactionRules.defaults();
    }
    boolean keepDefaults = r.keepDefaults() == null || r.keepDefaults();
    List<String> headers =
        new ArrayList<>(keepDefaults ? RedactionRules.DEFAULT_HEADERS : List.of());
    headers.addAll(orEmpty(r.headers()));
    return new RedactionRules(
        headers,
        orEmpty(r.queryParams()),
        orEmpty(r.bodyPaths()),
        r.marker() != null ? r.marker() : RedactionRules.DEFAULT_MARKER,
        orEmpty(r.names()),
        orEmpty(r.patterns()),
        keepDefaults);
  }

  /**
   * A new redaction session (one per recording, import command or check) with the configured rules
   * and the user's redaction key ({@link RedactionKey#resolve}).
   */
  Redactor redactor() {
    return new Redactor(
        redactionRules(), RedactionKey.resolve(System.getenv(), System.getProperty("user.home")));
  }

  /** Import options: the body cap from the option, else the configuration, else 10 MiB. */
  ImportOptions importOptions(Long bodyCapOption, boolean skipInvalid) {
    ImportOptions options = ImportOptions.defaults().skippingInvalid(skipInvalid);
    if (bodyCapOption != null) {
      return options.withBodyCap(bodyCapOption);
    }
    if (config.capture() != null && config.capture().maxBodySize() != null) {
      return options.withBodyCap(config.capture().maxBodySize().bytes());
    }
    return options;
  }

  /** Bodies are kept (and compressed ones decoded) up to this many bytes. */
  long captureBodyCap() {
    return importOptions(null, false).bodyCapBytes();
  }

  private static EndpointPattern endpoint(String text) {
    return text == null ? null : EndpointPattern.parse(text);
  }

  private static List<String> lower(List<String> names) {
    return orEmpty(names).stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
