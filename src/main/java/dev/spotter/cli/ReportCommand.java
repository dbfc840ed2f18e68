package dev.spotter.cli;

import dev.spotter.canary.CanaryJournal;
import dev.spotter.model.SpotterException;
import dev.spotter.report.CanaryReportWriter;
import dev.spotter.report.JsonReportReader;
import dev.spotter.report.ReportWriter;
import dev.spotter.store.Store;
import dev.spotter.store.StoredRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter report --run ID}: write the reports of a stored run again. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the reports of a stored run again (see 'spotter runs' for ids).")
final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--run", paramLabel = "ID", required = true, description = "the run's id")
  String runId;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "where to write the reports (default: spotter-report)")
  Path reportDir;

  @Override
  public Integer call() {
    try (Store store = common.openStore()) {
      StoredRun run =
          store
              .run(runId)
              .orElseThrow(
                  () ->
                      new SpotterException(
                          "store.no_such_run",
                          "there is no run '"
                              + runId
                              + "' in "
                              + common.storePath()
                              + " (see 'spotter runs')"));
      Path dir = common.wiring().reportDir(reportDir);
      List<Path> written =
          run.kind().equals("canary")
              ? CanaryReportWriter.writeAll(CanaryJournal.fromJson(run.reportJson()), dir)
              : ReportWriter.writeAll(JsonReportReader.read(run.reportJson()), dir);
      written.forEach(p -> System.out.println("wrote " + p));
      return ExitCode.OK;
    }
  }
}
