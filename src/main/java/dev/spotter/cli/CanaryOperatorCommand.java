package dev.spotter.cli;

import dev.spotter.canary.CanaryJournal;
import dev.spotter.store.Store;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spotter canary promote|abort|resume}: an operator's word to a running canary, left in the
 * store for its process, which acts on it within a second.
 */
abstract class CanaryOperatorCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--name", paramLabel = "NAME", required = true, description = "the run")
  String name;

  abstract String command();

  @Override
  public Integer call() {
    try (Store store = common.openStore()) {
      System.out.println(new CanaryJournal(store, Clock.systemUTC()).command(name, command()));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Give the canary all users now, skipping the remaining steps (the promotion hook is"
              + " still asked).")
  static final class Promote extends CanaryOperatorCommand {
    @Override
    String command() {
      return "promote";
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      description =
          "Send every user back to the baseline and end the run as aborted (a run whose process"
              + " is gone is marked aborted at once).")
  static final class Abort extends CanaryOperatorCommand {
    @Override
    String command() {
      return "abort";
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Let a held run go on: a step held because the judge stayed inconclusive gets another"
              + " step's time; a run held by a hook asks the hook again.")
  static final class Resume extends CanaryOperatorCommand {
    @Override
    String command() {
      return "resume";
    }
  }
}
