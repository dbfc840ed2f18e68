package dev.spotter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code spotter} command line. */
@Command(
    name = "spotter",
    mixinStandardHelpOptions = true,
    version = "spotter 0.1.0",
    description = "Change a critical HTTP service without breaking it.")
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
