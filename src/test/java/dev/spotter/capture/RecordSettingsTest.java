package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.diff.EndpointPattern;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordSettingsTest {
  private static final RecordSettings DEFAULTS = RecordSettings.defaults("live", "record:x");

  @Test
  void defaultsRecordEverythingWithinSafeBounds() {
    assertThat(DEFAULTS.sampleRate()).isEqualTo(1.0);
    assertThat(DEFAULTS.methods()).isEmpty();
    assertThat(DEFAULTS.include()).isEmpty();
    assertThat(DEFAULTS.exclude()).isEmpty();
    assertThat(DEFAULTS.maxQueuedExchanges()).isEqualTo(10_000);
    assertThat(DEFAULTS.maxQueuedBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(DEFAULTS.flushInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(DEFAULTS.maxBatch()).isEqualTo(500);
    assertThat(DEFAULTS.bodyCapBytes()).isEqualTo(ImportOptions.DEFAULT_BODY_CAP);
  }

  @Test
  void copiesChangeOneAspectEach() {
    RecordSettings s =
        DEFAULTS
            .withSampleRate(0.5)
            .withMethods(Set.of("get", " Post "))
            .withEndpoints(
                List.of(EndpointPattern.parse("/api/**")), List.of(EndpointPattern.parse("/x")))
            .withBodyCap(10)
            .withQueueBounds(7, 70)
            .withFlushing(Duration.ofSeconds(1), 3);
    assertThat(s)
        .isEqualTo(
            new RecordSettings(
                "live",
                0.5,
                Set.of("GET", "POST"),
                List.of(EndpointPattern.parse("/api/**")),
                List.of(EndpointPattern.parse("/x")),
                10,
                7,
                70,
                Duration.ofSeconds(1),
                3,
                "record:x"));
  }

  @Test
  void refusesBadValuesNamingTheField() {
    assertThatThrownBy(() -> RecordSettings.defaults(" ", "record:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("corpus");
    assertThatThrownBy(() -> RecordSettings.defaults("live", "")).hasMessageStartingWith("source");
    for (double rate : new double[] {0, -0.1, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> DEFAULTS.withSampleRate(rate))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("sampleRate");
    }
    assertThatThrownBy(() -> DEFAULTS.withMethods(Set.of("GE T")))
        .hasMessageStartingWith("methods");
    assertThatThrownBy(() -> DEFAULTS.withBodyCap(-1)).hasMessageStartingWith("bodyCapBytes");
    assertThatThrownBy(() -> DEFAULTS.withQueueBounds(0, 1))
        .hasMessageStartingWith("maxQueuedExchanges");
    assertThatThrownBy(() -> DEFAULTS.withQueueBounds(1, 0))
        .hasMessageStartingWith("maxQueuedBytes");
    assertThatThrownBy(() -> DEFAULTS.withFlushing(Duration.ZERO, 1))
        .hasMessageStartingWith("flushInterval");
    assertThatThrownBy(() -> DEFAULTS.withFlushing(Duration.ofHours(1), 1))
        .hasMessageStartingWith("flushInterval");
    assertThatThrownBy(() -> DEFAULTS.withFlushing(Duration.ofMillis(1), 0))
        .hasMessageStartingWith("maxBatch");
  }
}
