package dev.spotter.report;

/**
 * How much of an example each report shows, so that a huge or endless body never makes a report
 * huge, and a stored run stays small ({@link #forStore()}). Bodies are cut to these sizes and
 * marked as cut; counts and findings are never cut.
 *
 * @param jsonBodyBytes bytes of each body kept in report.json
 * @param htmlBodyBytes bytes of each body shown in report.html
 * @param htmlBodyLines lines of each pretty-printed body shown in report.html
 * @param htmlExamples examples shown in report.html (all of them stay in report.json)
 * @param markdownEndpoints rows of the regressions table in summary.md
 */
public record ReportLimits(
    int jsonBodyBytes,
    int htmlBodyBytes,
    int htmlBodyLines,
    int htmlExamples,
    int markdownEndpoints) {

  public ReportLimits {
    requirePositive("jsonBodyBytes", jsonBodyBytes);
    requirePositive("htmlBodyBytes", htmlBodyBytes);
    requirePositive("htmlBodyLines", htmlBodyLines);
    requirePositive("htmlExamples", htmlExamples);
    requirePositive("markdownEndpoints", markdownEndpoints);
  }

  /** 256 KiB per body in JSON, 64 KiB and 500 lines per body in HTML, 60 examples, 20 rows. */
  public static ReportLimits defaults() {
    return new ReportLimits(256 * 1024, 64 * 1024, 500, 60, 20);
  }

  /**
   * For the copy of a run a store keeps: 16 KiB per body in JSON, so that a stored run stays small;
   * the rest as {@link #defaults()}.
   */
  public static ReportLimits forStore() {
    ReportLimits d = defaults();
    return new ReportLimits(
        16 * 1024, d.htmlBodyBytes(), d.htmlBodyLines(), d.htmlExamples(), d.markdownEndpoints());
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }
}
