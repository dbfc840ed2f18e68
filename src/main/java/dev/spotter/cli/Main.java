package dev.spotter.cli;

import dev.spotter.model.SpotterException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code spotter} command line; maps every error to one line and exit 2. */
@Command(
    name = "spotter",
    mixinStandardHelpOptions = true,
    version = "spotter " + dev.spotter.model.SpotterVersion.VERSION,
    description = {
      "Change a critical HTTP service without breaking it: replay real traffic against the old"
          + " build, a second copy of it and the new build, and see exactly what the change"
          + " alters.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      CheckCommand.class,
      RecordCommand.class,
      IngestCommand.class,
      ShadowCommand.class,
      WorkerCommand.class,
      CanaryCommand.class,
      IncidentCommand.class,
      GuardCommand.class,
      DeployCommand.class,
      KudosCommand.class,
      MapCommand.class,
      ServeCommand.class,
      CorpusCommand.class,
      RunsCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, no regression",
      "1:regressions found",
      "2:usage, configuration or operational error (one line on stderr says what and where)"
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (ex instanceof SpotterException e) {
            err.println("spotter: " + e.getMessage());
            if (e.retryable()) {
              err.println("spotter: (this may work if tried again)");
            }
          } else {
            err.println("spotter: internal error: " + ex);
            if (System.getenv("SPOTTER_DEBUG") != null) {
              ex.printStackTrace(err);
            } else {
              err.println("spotter: set SPOTTER_DEBUG=1 to see where");
            }
          }
          err.flush();
          return ExitCode.ERROR;
        });
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          PrintWriter err = cmd.getErr();
          err.println("spotter: " + ex.getMessage());
          err.println(
              "spotter: see '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
          err.flush();
          return ExitCode.ERROR;
        });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
