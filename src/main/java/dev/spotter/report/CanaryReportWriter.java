package dev.spotter.report;

import dev.spotter.canary.CanaryResult;
import dev.spotter.model.SpotterException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the reports of a canary run into a directory: {@code report.json} for machines and {@code
 * report.html} for people. Each file is written to a temporary file and moved into place, so a
 * report cut short never replaces a good one; a run still in progress, a step never judged, an arm
 * that served nothing or a figure that is NaN never makes writing fail.
 */
public final class CanaryReportWriter {
  public static final String JSON = ReportWriter.JSON;
  public static final String HTML = ReportWriter.HTML;

  private CanaryReportWriter() {}

  /**
   * Writes both reports into {@code dir}, creating it when missing.
   *
   * @return the files written: report.json, report.html
   * @throws SpotterException {@code report.dir} when the directory cannot be made, {@code
   *     report.write_failed} when a file cannot be written
   */
  public static List<Path> writeAll(CanaryResult result, Path dir) {
    ReportWriter.createDir(dir);
    return List.of(
        AtomicFile.write(dir.resolve(JSON), out -> CanaryJson.writeTo(result, out)),
        AtomicFile.writeText(dir.resolve(HTML), w -> CanaryHtml.write(result, w)));
  }

  /** The report.json text of a run, exactly as the file is written. */
  public static String toJson(CanaryResult result) {
    return CanaryJson.render(result);
  }

  /** The report.html text of a run, exactly as the file is written. */
  public static String toHtml(CanaryResult result) {
    return CanaryHtml.render(result);
  }
}
