package dev.spotter.report;

import dev.spotter.canary.ArmSummary;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.LatencyDistribution;
import dev.spotter.canary.RunEvent;
import dev.spotter.canary.StepOutcome;
import dev.spotter.canary.StepRecord;
import dev.spotter.canary.judge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the canary reports derive from a run: its verdict in words, the step outcomes in words, and
 * null-safe access, so that a run still in progress (no verdict, no end, a step not yet judged, an
 * arm that served nothing) renders like any other.
 */
final class CanaryView {
  static final LatencyDistribution NO_LATENCY =
      new LatencyDistribution(
          0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
  static final ArmSummary NO_TRAFFIC = new ArmSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NO_LATENCY);

  private CanaryView() {}

  /** The list without nulls; empty when null. */
  static <T> List<T> list(List<T> items) {
    return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
  }

  static LatencyDistribution orEmpty(LatencyDistribution l) {
    return l == null ? NO_LATENCY : l;
  }

  static ArmSummary orEmpty(ArmSummary a) {
    return a == null ? NO_TRAFFIC : a;
  }

  /** The verdict in big words: {@code Promoted}, {@code Rolled back}, or where the run stands. */
  static String verdictWords(CanaryResult r) {
    if (r.verdict() != null) {
      return capitalised(r.verdict().wireName());
    }
    return r.state() == null ? "In progress" : capitalised(r.state().wireName());
  }

  /**
   * The CSS class of the verdict, from the check report's palette: promoted as a pass (green),
   * rolled back as a fail (red), aborted grey, a run not over or an A/A run without evidence amber.
   */
  static String verdictClass(CanaryResult r) {
    if (r.verdict() == null) {
      return "incomplete";
    }
    return switch (r.verdict()) {
      case PROMOTED -> "pass";
      case ROLLED_BACK -> "fail";
      case ABORTED -> "aborted";
      case NO_EVIDENCE -> "incomplete";
    };
  }

  /** {@code passed}, {@code canary unreachable}, {@code in progress}. */
  static String outcomeWords(StepOutcome o) {
    return o == null ? "unknown" : o.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** The tone of a step outcome: {@code pass}, {@code reg}, {@code look} or {@code grey}. */
  static String outcomeTone(StepOutcome o) {
    if (o == null) {
      return "grey";
    }
    return switch (o) {
      case PASSED, FULL -> "pass";
      case FAILED, CANARY_UNREACHABLE -> "reg";
      case IN_PROGRESS -> "look";
      case SKIPPED, ABORTED -> "grey";
    };
  }

  /** The tone of a judge's verdict: pass green, fail red, inconclusive amber. */
  static String verdictTone(Verdict v) {
    if (v == null) {
      return "grey";
    }
    return switch (v) {
      case PASS -> "pass";
      case FAIL -> "reg";
      case INCONCLUSIVE -> "look";
    };
  }

  static String verdictWords(Verdict v) {
    return v == null ? "not judged" : v.name().toLowerCase(Locale.ROOT);
  }

  /** How long a step ran; up to the latest thing known of the run when it has not ended. */
  static Duration stepDuration(StepRecord s, CanaryResult r) {
    return between(s.started(), s.ended() != null ? s.ended() : latest(r));
  }

  /** How long the run took, or has taken so far as its record knows. */
  static Duration runDuration(CanaryResult r) {
    return between(r.started(), r.ended() != null ? r.ended() : latest(r));
  }

  /**
   * The latest instant the run's record holds. A run still in progress has no end; the report shows
   * how far its record goes rather than reading the clock, so the same run renders the same.
   */
  static Instant latest(CanaryResult r) {
    Instant latest = r.ended() != null ? r.ended() : r.started();
    for (StepRecord s : list(r.steps())) {
      latest = later(later(latest, s.started()), s.ended());
    }
    for (RunEvent e : list(r.events())) {
      latest = later(latest, e.at());
    }
    return latest;
  }

  /** The canary's largest share of traffic so far, in percent; 0 when no step started. */
  static double reachedPercent(CanaryResult r) {
    return list(r.steps()).stream().mapToDouble(StepRecord::canaryPercent).max().orElse(0);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  private static Duration between(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to);
  }

  private static String capitalised(String wire) {
    String words = wire.replace('_', ' ');
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
