package dev.spotter.cli;

import dev.spotter.incident.KudosEntry;
import dev.spotter.incident.KudosLog;
import dev.spotter.store.Store;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter kudos add|list}: who made the service safer, and how. */
@Command(
    name = "kudos",
    mixinStandardHelpOptions = true,
    description =
        "Thank someone for making the service safer; Spotter adds its own entries (a check that"
            + " caught regressions, a canary rolled back, an action item closed).",
    subcommands = {KudosCommand.Add.class, KudosCommand.ListKudos.class})
final class KudosCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an entry.")
  static final class Add implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--who", paramLabel = "NAME", required = true, description = "who it is for")
    String who;

    @Option(names = "--what", paramLabel = "TEXT", required = true, description = "what they did")
    String what;

    @Option(names = "--link", paramLabel = "URL", description = "where to read more")
    String link;

    @Option(
        names = "--when",
        paramLabel = "TIME",
        description =
            "when they did it: 2026-11-20, 2026-11-20 14:03 (UTC) or 2026-11-20T14:03:00Z;"
                + " not in the future (default: now)")
    String when;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        KudosLog log = new KudosLog(store, Clock.systemUTC());
        KudosEntry e = OptionValues.parse("kudos", () -> log.add(who, what, link, when));
        System.out.println("kudos " + e.id() + " added for " + e.who());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The latest entries.")
  static final class ListKudos implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--limit", paramLabel = "N", description = "how many (default 20)")
    int limit = 20;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        List<KudosEntry> entries =
            new KudosLog(store, Clock.systemUTC()).latest(Math.max(1, limit));
        if (entries.isEmpty()) {
          System.out.println("No kudos yet.");
        }
        for (KudosEntry e : entries) {
          System.out.println(
              e.at().truncatedTo(ChronoUnit.MINUTES)
                  + "  "
                  + e.who()
                  + ": "
                  + e.what()
                  + (e.link() == null ? "" : "  " + e.link()));
        }
        return ExitCode.OK;
      }
    }
  }
}
