package dev.spotter.replay;

import dev.spotter.diff.TargetOrigin;
import dev.spotter.model.HttpRequestData;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.UpstreamTarget;

/**
 * Under which origin each of the three targets answered a request: where it was reached, and the
 * Host it was sent. The diff reads each answer's own origin as a placeholder, so URLs a service
 * builds from its Host or its address compare by what they point at.
 *
 * @param primary where the primary was reached, or null when unknown
 * @param secondary where the secondary was reached, or null when unknown
 * @param candidate where the candidate was reached, or null when unknown
 * @param sharedHostShown whether a Host in the request as shown is the one every target was sent (a
 *     check shows one only then; a shadow that preserves the client's Host sends it to all);
 *     otherwise each target was sent its own host and port
 */
record AnswerOrigins(
    UpstreamTarget primary,
    UpstreamTarget secondary,
    UpstreamTarget candidate,
    boolean sharedHostShown) {

  /** The origins of a check's targets under {@code settings}. */
  static AnswerOrigins of(ReplaySettings settings) {
    UpstreamTarget p = ReplayTarget.parse("primary", settings.primary()).upstream();
    UpstreamTarget s =
        settings.hasSecondary()
            ? ReplayTarget.parse("secondary", settings.secondary()).upstream()
            : p;
    UpstreamTarget c = ReplayTarget.parse("candidate", settings.candidate()).upstream();
    return new AnswerOrigins(p, s, c, true);
  }

  /** The origins of targets named by base URLs; one that cannot be parsed has none. */
  static AnswerOrigins ofUrls(
      String primaryUrl, String secondaryUrl, String candidateUrl, boolean sharedHostShown) {
    return new AnswerOrigins(
        upstreamOf(primaryUrl),
        upstreamOf(secondaryUrl),
        upstreamOf(candidateUrl),
        sharedHostShown);
  }

  /** Each target's origin for a request shown as {@code shown}. */
  Comparison.Origins of(HttpRequestData shown) {
    String shared = sharedHostShown ? shown.headers().first("Host").orElse(null) : null;
    return new Comparison.Origins(
        originOf(primary, shared), originOf(secondary, shared), originOf(candidate, shared));
  }

  private static TargetOrigin originOf(UpstreamTarget target, String shared) {
    if (target == null) {
      return shared == null ? TargetOrigin.NONE : new TargetOrigin("http", "", 0, shared);
    }
    return new TargetOrigin(
        target.scheme(),
        target.host(),
        target.port(),
        shared != null ? shared : target.hostHeader());
  }

  private static UpstreamTarget upstreamOf(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      return ForwardTarget.parse(url).upstream();
    } catch (RuntimeException e) {
      return null; // a name that is no URL: its answers are compared as they are
    }
  }
}
