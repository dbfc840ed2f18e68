package dev.spotter.canary;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CanaryPlanTest {
  @Test
  void stepsMustRiseAndEndAtOneHundredPercent() {
    assertThatCode(() -> CanaryPlan.checkSteps(CanaryPlan.DEFAULT_STEPS))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> CanaryPlan.checkSteps(List.of(500, 100, 10_000)))
        .hasMessage("step 2 (1 %) does not rise above step 1 (5 %); steps must rise");
    assertThatThrownBy(() -> CanaryPlan.checkSteps(List.of(500, 5000)))
        .hasMessageContaining("the last step is 50 %; a canary ends at 100 %");
    assertThatThrownBy(() -> CanaryPlan.checkSteps(List.of(10_000)))
        .hasMessageContaining("at least one step below it");
    assertThatThrownBy(() -> CanaryPlan.checkSteps(List.of(0, 10_000)))
        .hasMessageContaining("step 1 is 0 %");
    assertThatThrownBy(() -> CanaryPlan.checkSteps(List.of())).hasMessageContaining("none given");
  }

  @Test
  void percentagesReadAsPeopleWriteThem() {
    org.assertj.core.api.Assertions.assertThat(CanaryPlan.percentText(5.0)).isEqualTo("5");
    org.assertj.core.api.Assertions.assertThat(CanaryPlan.percentText(0.5)).isEqualTo("0.5");
    org.assertj.core.api.Assertions.assertThat(CanaryPlan.percentText(12.25)).isEqualTo("12.25");
  }
}
