package dev.spotter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ExampleKeeperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "TOKENplanted4242";

  /**
   * Redacts {@code /token} of JSON response bodies and leaves bodies it cannot parse as they are,
   * as a redactor without a fail-closed rule would: the order of sanitizing and cutting decides
   * whether the secret survives.
   */
  private static final UnaryOperator<ExampleExchange> REDACT_TOKEN =
      e ->
          new ExampleExchange(
              e.id(),
              e.endpoint(),
              e.request(),
              redactToken(e.primary()),
              redactToken(e.secondary()),
              redactToken(e.candidate()),
              e.candidateDifferences(),
              e.noiseDifferences());

  private static TargetOutcome redactToken(TargetOutcome outcome) {
    if (!(outcome instanceof TargetOutcome.Answered a)) {
      return outcome;
    }
    try {
      JsonNode tree = JSON.readTree(a.response().body().bytes());
      ((ObjectNode) tree).put("token", "[REDACTED]");
      return new TargetOutcome.Answered(
          a.response().withBody(Body.of(JSON.writeValueAsBytes(tree))), a.latencyMicros());
    } catch (IOException | RuntimeException notWholeJson) {
      return outcome;
    }
  }

  private static ExampleExchange example(String id, Body body, boolean candidateDiffers) {
    TargetOutcome answer =
        new TargetOutcome.Answered(
            new HttpResponseData(200, Headers.of("Content-Type", "application/json"), body), 1000);
    List<Difference> differences =
        List.of(new Difference("/body/n", "/body/n", DifferenceKind.VALUE_CHANGED, "1", "2", null));
    return new ExampleExchange(
        id,
        new Endpoint("GET", "/orders/{id}"),
        new HttpRequestData("GET", "/orders/" + id, Headers.EMPTY, Body.EMPTY),
        answer,
        answer,
        answer,
        candidateDiffers ? differences : List.of(),
        candidateDiffers ? List.of() : differences);
  }

  @Test
  void aSecretInAJsonBodyLongerThanTheDisplayCapIsRedactedBeforeTheBodyIsCut() {
    String json = "{\"token\":\"" + SECRET + "\",\"filler\":\"" + "z".repeat(300 * 1024) + "\"}";
    ExampleKeeper keeper = new ExampleKeeper(REDACT_TOKEN, 10, ExampleKeeper.MAX_BYTES);

    keeper.keep(example("big", Body.of(json), true));

    ExampleExchange kept = keeper.examples().get("big");
    for (TargetOutcome outcome : List.of(kept.primary(), kept.secondary(), kept.candidate())) {
      Body shown = ((TargetOutcome.Answered) outcome).response().body();
      assertThat(shown.utf8()).doesNotContain(SECRET).startsWith("{\"token\":\"[REDACTED]\"");
      assertThat(shown.length()).isEqualTo(ExampleKeeper.DISPLAY_CAP);
      assertThat(shown.truncated()).isTrue();
    }
  }

  @Test
  void examplesAreBoundedByTheirBytesAsWellAsTheirCount() {
    Body body = Body.of("{\"n\":\"" + "b".repeat(10_000) + "\"}");
    long weight = ExampleKeeper.weight(example("e00", body, true));
    ExampleKeeper keeper = new ExampleKeeper(UnaryOperator.identity(), 1000, 5 * weight);

    for (int i = 0; i < 50; i++) {
      keeper.keep(example(String.format("e%02d", i), body, true));
    }

    assertThat(keeper.examples()).hasSize(5);
    long kept = keeper.examples().values().stream().mapToLong(ExampleKeeper::weight).sum();
    assertThat(kept).isLessThanOrEqualTo(5 * weight);
  }

  @Test
  void bodiesAreWeighedAsShownNotAsReceived() {
    Body huge = Body.of("{\"n\":\"" + "h".repeat(2 * 1024 * 1024) + "\"}");
    ExampleKeeper keeper = new ExampleKeeper(UnaryOperator.identity(), 1000, 4L * 1024 * 1024);
    keeper.keep(example("huge", huge, true));
    // four bodies of 2 MiB would not fit; four cut to the display cap do
    assertThat(keeper.examples()).containsKey("huge");
  }

  @Test
  void aRegressionFirstSeenLateStillGetsAnExampleAfterARunFullOfNoise() {
    Body body = Body.of("{\"n\":\"" + "q".repeat(10_000) + "\"}");
    long weight = ExampleKeeper.weight(example("noise000", body, false));
    ExampleKeeper byBytes = new ExampleKeeper(UnaryOperator.identity(), 1000, 20 * weight);
    ExampleKeeper byCount = new ExampleKeeper(UnaryOperator.identity(), 20, Long.MAX_VALUE);

    for (ExampleKeeper keeper : List.of(byBytes, byCount)) {
      for (int i = 0; i < 500; i++) {
        keeper.keep(example(String.format("noise%03d", i), body, false));
      }
      keeper.keep(example("late-regression", body, true));

      assertThat(keeper.examples()).containsKey("late-regression");
      long noiseKept =
          keeper.examples().values().stream()
              .filter(e -> e.candidateDifferences().isEmpty())
              .count();
      // noise alone takes at most a fifth of the budget: 4 of 20
      assertThat(noiseKept).isEqualTo(4);
    }
  }

  @Test
  void candidateExamplesMayUseTheWholeBudget() {
    ExampleKeeper keeper = new ExampleKeeper(UnaryOperator.identity(), 10, Long.MAX_VALUE);
    for (int i = 0; i < 30; i++) {
      keeper.keep(example("c" + i, Body.of("{}"), true));
    }
    assertThat(keeper.examples()).hasSize(10);
  }

  @Test
  void anExampleTheSanitizerDropsIsNotKept() {
    ExampleKeeper keeper = new ExampleKeeper(e -> null, 10, ExampleKeeper.MAX_BYTES);
    keeper.keep(example("dropped", Body.of("{}"), true));
    assertThat(keeper.examples()).isEmpty();
  }
}
