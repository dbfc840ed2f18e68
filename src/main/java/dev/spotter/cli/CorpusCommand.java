package dev.spotter.cli;

import dev.spotter.model.SpotterException;
import dev.spotter.store.CorpusInfo;
import dev.spotter.store.Store;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code spotter corpus list|delete}: the corpora in the store. */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = "List or delete the corpora in the store.",
    subcommands = {CorpusCommand.ListCorpora.class, CorpusCommand.DeleteCorpus.class})
final class CorpusCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the corpora.")
  static final class ListCorpora implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        List<CorpusInfo> corpora = store.corpora();
        if (corpora.isEmpty()) {
          System.out.println(
              "No corpus in " + common.storePath() + " yet: 'spotter import FILE.har' adds one.");
          return ExitCode.OK;
        }
        System.out.printf(Locale.ROOT, "%-30s %12s  %s%n", "CORPUS", "EXCHANGES", "LAST ADDED");
        for (CorpusInfo c : corpora) {
          System.out.printf(
              Locale.ROOT, "%-30s %,12d  %s%n", c.name(), c.exchanges(), c.updatedAt());
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a corpus and its exchanges.")
  static final class DeleteCorpus implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "NAME", description = "the corpus to delete")
    String name;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        if (!store.deleteCorpus(name)) {
          throw new SpotterException(
              "store.no_such_corpus", "there is no corpus '" + name + "' in " + common.storePath());
        }
        System.out.println("Deleted corpus '" + name + "'.");
        return ExitCode.OK;
      }
    }
  }
}
