package dev.spotter.replay;

import dev.spotter.model.HttpRequestData;
import java.util.Objects;

/**
 * One exchange as a worker of a distributed check replayed it, before any judging: the three
 * answers, or why the request was not sent. Judging is left to the one place that sees every
 * exchange of the run ({@link ReplayAggregator}), because what is noise is learnt across exchanges.
 */
public sealed interface Replayed {
  /** The exchange's id: its capture id, or its place in the stream. */
  String exchangeId();

  /**
   * The request was sent to the three targets.
   *
   * @param shown the request as replayed, without Host: what reports show
   */
  record Answered(
      String exchangeId, HttpRequestData shown, Sent primary, Sent secondary, Sent candidate)
      implements Replayed {
    public Answered {
      Objects.requireNonNull(exchangeId, "exchangeId");
      Objects.requireNonNull(shown, "shown");
      Objects.requireNonNull(primary, "primary");
      Objects.requireNonNull(secondary, "secondary");
      Objects.requireNonNull(candidate, "candidate");
    }
  }

  /**
   * The request was not sent.
   *
   * @param reason stable short code, as in {@link SkipCount#reason()}
   * @param detail a sentence for people
   */
  record Skipped(String exchangeId, String reason, String detail) implements Replayed {
    public Skipped {
      Objects.requireNonNull(exchangeId, "exchangeId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
