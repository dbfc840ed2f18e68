package dev.spotter.cli;

import dev.spotter.incident.ActionItem;
import dev.spotter.incident.Incident;
import dev.spotter.incident.IncidentDraft;
import dev.spotter.incident.IncidentMarkdown;
import dev.spotter.incident.Incidents;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spotter incident new|edit|list|show|export}: blameless post-mortems in the store. */
@Command(
    name = "incident",
    mixinStandardHelpOptions = true,
    description =
        "Write blameless post-mortems: what happened, the conditions that made it possible (not"
            + " who), how it was noticed and could have been sooner, the timeline, what went well"
            + " and wrong, where we got lucky, and the action items. Their lessons become guards"
            + " ('spotter guard add') that every check replays.",
    subcommands = {
      IncidentCommand.New.class,
      IncidentCommand.Edit.class,
      IncidentCommand.ListIncidents.class,
      IncidentCommand.Show.class,
      IncidentCommand.Export.class
    })
final class IncidentCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Start a post-mortem (--title and --severity at least); prints its id.")
  static final class New implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin IncidentFields fields;

    @Override
    public Integer call() {
      IncidentDraft draft = new IncidentDraft();
      fields.apply(draft);
      try (Store store = common.openStore()) {
        Incident saved = new Incidents(store, Clock.systemUTC()).create(draft.build());
        System.out.println(
            "incident "
                + saved.id()
                + " saved: "
                + saved.title()
                + " (spotter incident show "
                + saved.id()
                + ")");
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "edit",
      mixinStandardHelpOptions = true,
      description =
          "Change a post-mortem: text options replace, list options add; --done N closes action"
              + " item N; --file replaces it all with an edited 'export --format json'. An edit"
              + " made against an older version (someone saved meanwhile) is refused.")
  static final class Edit implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin IncidentFields fields;

    @Parameters(paramLabel = "ID", description = "the incident")
    long id;

    @Option(names = "--done", paramLabel = "N", description = "mark action item N done; repeatable")
    List<Integer> done;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "the whole post-mortem as JSON, as 'incident export --format json' writes it")
    Path file;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        Incidents incidents = new Incidents(store, Clock.systemUTC());
        Incident saved;
        if (file != null) {
          Incident edited = Incidents.fromJson(read(file), file.toString());
          // the version in the file is the one it was exported at: a later save wins, not this
          saved =
              incidents.edit(
                  id,
                  edited.version(),
                  d -> {
                    d.replaceWith(edited);
                    fields.apply(d);
                  });
        } else {
          saved = incidents.edit(id, d -> change(d));
        }
        System.out.println("incident " + saved.id() + " saved (version " + saved.version() + ")");
        return ExitCode.OK;
      }
    }

    private void change(IncidentDraft d) {
      fields.apply(d);
      if (done != null) {
        for (int n : done) {
          if (n < 1 || n > d.actionItems.size()) {
            throw OptionValues.usage(
                "--done",
                "there is no action item " + n + " (it has " + d.actionItems.size() + ")");
          }
          d.actionItems.set(n - 1, d.actionItems.get(n - 1).withStatus(ActionItem.Status.DONE));
        }
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the post-mortems.")
  static final class ListIncidents implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        List<Incident> all = new Incidents(store, Clock.systemUTC()).list();
        if (all.isEmpty()) {
          System.out.println("No incidents in " + common.storePath() + " yet.");
          return ExitCode.OK;
        }
        System.out.printf(
            Locale.ROOT,
            "%-5s %-5s %-10s %-20s %-7s %s%n",
            "ID",
            "SEV",
            "STATUS",
            "STARTED",
            "ACTIONS",
            "TITLE");
        for (Incident i : all) {
          System.out.printf(
              Locale.ROOT,
              "%-5d %-5s %-10s %-20s %-7s %s%n",
              i.id(),
              i.severity().wireName(),
              i.status().wireName(),
              i.started() == null ? "–" : i.started().truncatedTo(ChronoUnit.MINUTES).toString(),
              i.openActionItems() + " open",
              i.title());
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print a post-mortem as Markdown.")
  static final class Show implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ID", description = "the incident")
    long id;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        System.out.print(IncidentMarkdown.of(new Incidents(store, Clock.systemUTC()).get(id)));
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a post-mortem as Markdown (for a review or a wiki) or as JSON (to edit and read"
              + " back with 'incident edit ID --file').")
  static final class Export implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ID", description = "the incident")
    long id;

    @Option(names = "--format", paramLabel = "FORMAT", description = "markdown (default) or json")
    String format = "markdown";

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "default: standard output")
    Path output;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        Incident i = new Incidents(store, Clock.systemUTC()).get(id);
        String text =
            switch (format.toLowerCase(Locale.ROOT)) {
              case "markdown", "md" -> IncidentMarkdown.of(i);
              case "json" -> Incidents.toJson(i) + "\n";
              default ->
                  throw OptionValues.usage(
                      "--format", "use markdown or json, not '" + format + "'");
            };
        if (output == null) {
          System.out.print(text);
        } else {
          // readable by its owner only, as every file Spotter writes: an incident may quote traffic
          dev.spotter.report.AtomicFile.write(
              output, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
          System.out.println("wrote " + output);
        }
        return ExitCode.OK;
      }
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpotterException(
          "incident.unreadable", file + ": cannot be read: " + e.getMessage(), false, e);
    }
  }
}
