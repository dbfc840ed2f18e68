package dev.spotter.cli;

import dev.spotter.demo.NoisePath;
import dev.spotter.demo.PlantedRegression;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.replay.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a demo check to its promise: every planted regression found, no noise path called a
 * regression, and nothing else called one either.
 *
 * @param found planted regressions the check reported as regressions
 * @param reportedAs for each found one, the endpoint as the report names it (Spotter infers {@code
 *     /products/{id}} where the service's own code says {@code /products/{sku}})
 * @param missed planted regressions it did not report
 * @param noiseCalledRegression findings on declared noise paths judged regressions
 * @param unexpected other regressions (neither planted nor noise)
 */
record DemoVerification(
    List<PlantedRegression> found,
    java.util.Map<PlantedRegression, String> reportedAs,
    List<PlantedRegression> missed,
    List<String> noiseCalledRegression,
    List<String> unexpected) {

  boolean passed() {
    return missed.isEmpty() && noiseCalledRegression.isEmpty() && unexpected.isEmpty();
  }

  static DemoVerification of(CheckResult result) {
    List<PlantedRegression> found = new ArrayList<>();
    java.util.Map<PlantedRegression, String> reportedAs = new java.util.HashMap<>();
    List<PlantedRegression> missed = new ArrayList<>();
    for (PlantedRegression planted : PlantedRegression.all()) {
      String endpoint = reported(result, planted);
      if (endpoint != null) {
        found.add(planted);
        reportedAs.put(planted, endpoint);
      } else {
        missed.add(planted);
      }
    }
    List<String> noise = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (EndpointReport e : result.endpoints()) {
      for (Finding f : e.findings()) {
        if (!f.isRegression()) {
          continue;
        }
        String line = e.endpoint() + " " + f.path() + " " + f.kind().jsonName();
        if (NoisePath.isNoise(f.path())) {
          noise.add(line);
        } else if (PlantedRegression.all().stream().noneMatch(p -> matches(p, e, f))) {
          unexpected.add(line);
        }
      }
    }
    return new DemoVerification(found, reportedAs, missed, noise, unexpected);
  }

  /** The endpoint under which the check reported the planted regression, or null. */
  private static String reported(CheckResult result, PlantedRegression planted) {
    for (EndpointReport e : result.endpoints()) {
      for (Finding f : e.findings()) {
        if (f.isRegression() && matches(planted, e, f)) {
          return e.endpoint().toString();
        }
      }
    }
    return null;
  }

  /** The service names its segments ({sku}, {date}); Spotter infers {id}: any name matches. */
  private static boolean matches(PlantedRegression p, EndpointReport e, Finding f) {
    return EndpointPattern.parse(p.endpoint().toString()).matches(e.endpoint())
        && p.path().equals(f.path())
        && p.kind().equals(f.kind().jsonName());
  }
}
