package dev.spotter.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void everyDocumentedKeyIsRead() {
    SpotterConfig c = loader.load(Path.of("src/test/resources/fixtures/config/full.yaml"));
    assertThat(c.targets().candidate()).isEqualTo("http://127.0.0.1:8083");
    assertThat(c.replay().concurrency()).isEqualTo(32);
    assertThat(c.replay().rate()).isEqualTo(250.5);
    assertThat(c.replay().timeout().duration()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.replay().maxBodySize().bytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(c.replay().setHeaders()).containsEntry("Authorization", "Bearer test-token");
    assertThat(c.replay().repeats().perRequest()).isEqualTo(24);
    assertThat(c.replay().repeats().maxExchanges()).isEqualTo(500);
    assertThat(c.replay().repeats().maxTime().duration()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.replay().idempotent()).containsExactly("POST /search", "PUT /cache/**");
    assertThat(c.replay().allowUndecided()).isFalse();
    assertThat(c.diff().arrays()).hasSize(2);
    assertThat(c.diff().ignore().get(1).endpoint()).isEqualTo("GET /orders/{id}");
    assertThat(c.endpoints()).containsExactly("GET /users/{name}", "/files/**");
    assertThat(c.noise().examplesPerFinding()).isEqualTo(3);
    assertThat(c.redaction().bodyPaths()).containsExactly("/password", "/cards/*/number");
    assertThat(c.capture().maxBodySize().bytes()).isEqualTo(1048576);
    assertThat(c.proxy().listen()).isEqualTo("0.0.0.0:8080");
    assertThat(c.proxy().admin()).isEqualTo("off");
    assertThat(c.proxy().maxHeaderSize().bytes()).isEqualTo(64 * 1024);
    assertThat(c.proxy().idleTimeout().duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.proxy().preserveHost()).isFalse();
    assertThat(c.record().paths()).containsExactly("/api/**");
    assertThat(c.record().flushInterval().duration()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.shadow().queueBytes().bytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(c.shadow().snapshotInterval().duration()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theCanarySectionIsReadWhole() {
    SpotterConfig.Canary c =
        loader.load(Path.of("src/test/resources/fixtures/config/full.yaml")).canary();
    assertThat(c.steps()).containsExactly(1.0, 5.0, 25.0, 50.0, 100.0);
    assertThat(c.stepDuration().duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.metrics())
        .extracting(SpotterConfig.CanaryMetric::name)
        .containsExactly("errors", "latency", "p99", "db-time");
    assertThat(c.metrics().get(2).quantile()).isEqualTo(0.99);
    assertThat(c.hooks().preStep().command()).isEqualTo("./ci/still-green.sh");
    assertThat(c.hooks().rollback().url()).isEqualTo("https://chat.example/hooks/deploys");
    var judge = CanaryConfigs.judgeSettings(c, 4, null, null);
    assertThat(judge.alpha()).isEqualTo(0.01);
    assertThat(judge.metrics().get(3).source()).isEqualTo("header:X-Db-Time");
  }

  @Test
  void canaryMistakesAreRefusedAtTheirLine() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "canary:\n  steps: [5, 1, 100]\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("canary.steps: step 2 (1 %) does not rise above step 1 (5 %)");
    assertThatThrownBy(
            () ->
                loader.parse(
                    "c.yaml",
                    "canary:\n  metrics:\n    - {name: a, kind: latency, weight: 60}\n"
                        + "    - {name: b, kind: error-rate, weight: 30}\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("canary.metrics")
        .hasMessageContaining("90");
    assertThatThrownBy(
            () -> loader.parse("c.yaml", "canary:\n  metrics:\n    - {name: cpu, kind: cpu}\n"))
        .hasMessageContaining("metrics[0].kind: 'cpu' is not a metric Spotter measures");
    assertThatThrownBy(
            () -> loader.parse("c.yaml", "canary:\n  hooks:\n    preStep: {timeout: 5s}\n"))
        .hasMessageContaining("either a command or a url");
    assertThatThrownBy(() -> loader.parse("c.yaml", "canary:\n  key: query:user\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("canary.key");
  }

  @Test
  void liveModeLimitsAreCheckedWhereTheyAreWritten() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "proxy:\n  maxHeaderSize: 2MiB\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("proxy.maxHeaderSize: must lie in 1024..1048576 bytes");
    assertThatThrownBy(() -> loader.parse("c.yaml", "shadow:\n  maxBodySize: 3GiB\n"))
        .hasMessageContaining("shadow.maxBodySize");
    assertThatThrownBy(() -> loader.parse("c.yaml", "shadow:\n  snapshotInterval: 10ms\n"))
        .hasMessageContaining("shadow.snapshotInterval: at least 100ms");
    assertThatThrownBy(() -> loader.parse("c.yaml", "record:\n  flushInterval: 5m\n"))
        .hasMessageContaining("record.flushInterval: at most 1m");
  }

  @Test
  void liveModeMistakesNameTheirKey() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "proxy:\n  listen: somewhere\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("proxy.listen");
    assertThatThrownBy(() -> loader.parse("c.yaml", "shadow:\n  sample: 2\n"))
        .hasMessageContaining("shadow.sample")
        .hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> loader.parse("c.yaml", "record:\n  paths: [\"FETCH /x\"]\n"))
        .hasMessageContaining("record.paths[0]")
        .hasMessageContaining("unknown method");
  }

  @Test
  void anUnknownKeyIsAnErrorNamingFileLineAndKey() {
    assertThatThrownBy(() -> loader.parse("spotter.yaml", "replay:\n  concurency: 4\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("spotter.yaml:2:")
        .hasMessageContaining("replay.concurency: unknown key 'concurency'")
        .hasMessageContaining("concurrency");
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorAndIsNotConverted() {
    assertThatThrownBy(() -> loader.parse("spotter.yaml", "replay:\n  concurrency: sixteen\n"))
        .hasMessageStartingWith("spotter.yaml:2:")
        .hasMessageContaining("replay.concurrency")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> loader.parse("spotter.yaml", "replay:\n  concurrency: \"16\"\n"))
        .hasMessageContaining("replay.concurrency");
    assertThatThrownBy(() -> loader.parse("spotter.yaml", "targets:\n  primary: 8080\n"))
        .hasMessageContaining("targets.primary")
        .hasMessageContaining("text");
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  allowSideEffects: \"yes\"\n"))
        .hasMessageContaining("replay.allowSideEffects");
  }

  @Test
  void malformedDurationsAndSizesSayHowToWriteThem() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  timeout: soon\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("replay.timeout")
        .hasMessageContaining("500ms, 10s");
    assertThatThrownBy(() -> loader.parse("c.yaml", "capture:\n  maxBodySize: lots\n"))
        .hasMessageContaining("capture.maxBodySize")
        .hasMessageContaining("10MiB");
  }

  @Test
  void aListWhereAMappingIsExpectedIsAnError() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "corpus: a\ntargets:\n  - http://a\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("targets: expected a mapping");
  }

  @Test
  void duplicateKeysAreAnError() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "corpus: a\ncorpus: b\n"))
        .hasMessageStartingWith("c.yaml:2:")
        .hasMessageContaining("corpus");
  }

  @Test
  void brokenYamlIsAnErrorWithItsLine() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "targets:\n  primary: a: b\n"))
        .hasMessageStartingWith("c.yaml:")
        .hasMessageContaining("YAML");
  }

  @Test
  void anEmptyFileIsAnEmptyConfiguration() {
    assertThat(loader.parse("c.yaml", "\n# nothing yet\n")).isEqualTo(SpotterConfig.empty());
  }

  @Test
  void aMissingFileIsAnErrorNamingIt() {
    assertThatThrownBy(() -> loader.load(Path.of("no/such/spotter.yaml")))
        .hasMessageContaining("no/such/spotter.yaml: no such configuration file");
  }

  @Test
  void invalidRulesAreRejectedAtTheLineOfTheRule() {
    String yaml = "diff:\n" + "  ignore:\n" + "    - path: /body/a\n" + "    - path: body/b\n";
    assertThatThrownBy(() -> loader.parse("c.yaml", yaml))
        .hasMessageStartingWith("c.yaml:4:")
        .hasMessageContaining("diff.ignore[1]")
        .hasMessageContaining("JSON Pointer");
    assertThatThrownBy(
            () ->
                loader.parse(
                    "c.yaml", "diff:\n  arrays:\n    - path: /body/x\n      mode: keyed\n"))
        .hasMessageContaining("diff.arrays[0]")
        .hasMessageContaining("needs key");
    assertThatThrownBy(
            () ->
                loader.parse("c.yaml", "diff:\n  arrays:\n    - path: /body/x\n      mode: bag\n"))
        .hasMessageContaining("mode must be index, set or keyed");
  }

  @Test
  void targetsMustBeHttpUrls() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "targets:\n  candidate: localhost:8080\n"))
        .hasMessageStartingWith("c.yaml:2:3:")
        .hasMessageContaining("targets.candidate: must be an http:// or https:// URL");
  }

  @Test
  void outOfRangeNumbersAreRejectedWithTheRange() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "noise:\n  minRelativeExcess: 20\n"))
        .hasMessageContaining("noise")
        .hasMessageContaining("fraction in [0, 1)");
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  concurrency: 0\n"))
        .hasMessageContaining("1..4096");
    assertThatThrownBy(() -> loader.parse("c.yaml", "endpoints:\n  - users/{id}\n"))
        .hasMessageContaining("endpoints")
        .hasMessageContaining("users/{id}");
  }

  @Test
  void aProblemInsideASectionPointsAtTheLineOfItsKey() {
    assertThatThrownBy(
            () -> loader.parse("c.yaml", "noise:\n  minRelativeExcess: 0.2\n  significance: 1.5\n"))
        .hasMessageStartingWith("c.yaml:3:")
        .hasMessageContaining("noise.significance: must lie strictly between 0 and 1");
    assertThatThrownBy(
            () -> loader.parse("c.yaml", "corpus: a\ntargets:\n  primary: localhost:8080\n"))
        .hasMessageStartingWith("c.yaml:3:")
        .hasMessageContaining("targets.primary: must be an http:// or https:// URL");
  }

  @Test
  void tabsAreNamedWhereTheyAre() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n\tconcurrency: 4\n"))
        .hasMessage("c.yaml:2:1: a tab indents this line; YAML indents with spaces only");
  }

  @Test
  void emptyEntriesInListsAndMapsAreErrorsNotCrashes() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "diff:\n  ignoreHeaders: [~]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("diff.ignoreHeaders")
        .hasMessageContaining("empty entry");
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  setHeaders:\n    X-Token: ~\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("replay.setHeaders");
  }

  @Test
  void aNumberWhereTextIsExpectedSaysWhatWasFound() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "corpus: 2024\n"))
        .hasMessageContaining("corpus: expected text, found the number 2024 (quote it");
  }

  @Test
  void theWrongShapeNamesTheKeysExpectedNotAJavaClass() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "- a\n- b\n"))
        .hasMessageContaining("a mapping with the keys targets, store, corpus")
        .hasMessageNotContaining("SpotterConfig");
  }

  @Test
  void headersTheReplaySetsItselfCannotBeConfigured() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  setHeaders:\n    Host: x\n"))
        .hasMessageContaining("replay.setHeaders: Host is set by the replay itself");
  }

  @Test
  void theHostIsChosenWithItsOwnKeyAndABadOneNamesTheKey() {
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  setHeaders:\n    Host: x\n"))
        .hasMessageContaining("choose it with host: target|recorded|VALUE");
    assertThat(loader.parse("c.yaml", "replay:\n  host: recorded\n").replay().host())
        .isEqualTo("recorded");
    assertThatThrownBy(() -> loader.parse("c.yaml", "replay:\n  host: 'a b:99999'\n"))
        .hasMessageContaining("replay.host")
        .hasMessageContaining("is not a host name or address");
  }
}
