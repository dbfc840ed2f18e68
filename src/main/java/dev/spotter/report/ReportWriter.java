package dev.spotter.report;

import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import dev.spotter.store.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes every report of a check into a directory: {@code report.json} for machines, {@code
 * report.html} for people, {@code junit.xml} for CI and {@code summary.md} for a pull-request
 * comment. Each file is written to a temporary file and moved into place, so a report cut short
 * never replaces a good one; odd data (binary or invalid UTF-8 bodies, huge bodies, control
 * characters, NaN, an empty result) never makes writing fail.
 */
public final class ReportWriter {
  public static final String JSON = "report.json";
  public static final String HTML = "report.html";
  public static final String JUNIT = "junit.xml";
  public static final String MARKDOWN = "summary.md";

  private final JsonReport json;
  private final HtmlReport html;
  private final JunitReport junit;
  private final MarkdownSummary markdown;

  public ReportWriter(ReportLimits limits) {
    this.json = new JsonReport(limits);
    this.html = new HtmlReport(limits);
    this.junit = new JunitReport();
    this.markdown = new MarkdownSummary(limits);
  }

  /** Writes all four reports with the default limits; returns the files written. */
  public static List<Path> writeAll(CheckResult result, Path dir) {
    return new ReportWriter(ReportLimits.defaults()).write(result, dir);
  }

  /**
   * Writes all four reports into {@code dir}, creating it when missing.
   *
   * @return the files written: report.json, report.html, junit.xml, summary.md
   * @throws SpotterException {@code report.dir} when the directory cannot be made, {@code
   *     report.write_failed} when a file cannot be written
   */
  public List<Path> write(CheckResult result, Path dir) {
    createDir(dir);
    return List.of(
        AtomicFile.write(dir.resolve(JSON), out -> json.writeTo(result, out)),
        AtomicFile.writeText(dir.resolve(HTML), w -> html.write(result, w)),
        AtomicFile.writeText(dir.resolve(JUNIT), w -> junit.write(result, w)),
        AtomicFile.writeText(dir.resolve(MARKDOWN), w -> markdown.write(result, w)));
  }

  /**
   * Creates a report directory when missing, readable by its owner only (reports may hold traffic).
   *
   * @throws SpotterException {@code report.dir} when it cannot be made
   */
  static void createDir(Path dir) {
    try {
      OwnerOnly.createDirectories(dir);
    } catch (IOException e) {
      throw new SpotterException(
          "report.dir",
          "cannot create the report directory " + dir + ": " + e.getMessage(),
          false,
          e);
    }
  }
}
