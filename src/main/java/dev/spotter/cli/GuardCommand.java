package dev.spotter.cli;

import dev.spotter.capture.ExchangeFormat;
import dev.spotter.incident.Expectation;
import dev.spotter.incident.Guard;
import dev.spotter.incident.GuardRequests;
import dev.spotter.incident.Guards;
import dev.spotter.model.Header;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spotter guard add|list|disable|enable}: the requests that broke production, pinned. */
@Command(
    name = "guard",
    mixinStandardHelpOptions = true,
    description =
        "Pin a request that reproduced an incident, with what the new build must answer to it;"
            + " every 'spotter check' replays the active guards against the candidate and fails,"
            + " naming the incident, when one is not met.",
    subcommands = {
      GuardCommand.Add.class,
      GuardCommand.ListGuards.class,
      GuardCommand.Disable.class,
      GuardCommand.Enable.class
    })
final class GuardCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Pin a request from a corpus (--corpus C --exchange ID), a HAR file (--har FILE"
              + " --entry N) or written out (--request 'GET /path' [--header 'K: V']... [--body"
              + " TEXT]) to an incident, with an expectation: same | status 200,201 | exists"
              + " $.path | type $.path number | equals $.path VALUE.")
  static final class Add implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--incident", paramLabel = "ID", required = true, description = "the incident")
    long incident;

    @Option(names = "--name", paramLabel = "TEXT", required = true, description = "what it guards")
    String name;

    @Option(
        names = "--expect",
        paramLabel = "EXPECTATION",
        required = true,
        description = "same | status 200,201 | exists $.p | type $.p number | equals $.p VALUE")
    String expect;

    @Option(names = "--corpus", paramLabel = "NAME", description = "the corpus holding the request")
    String corpus;

    @Option(
        names = "--exchange",
        paramLabel = "ID",
        description = "the exchange's id in the corpus")
    String exchange;

    @Option(names = "--har", paramLabel = "FILE", description = "a HAR file holding the request")
    Path har;

    @Option(names = "--entry", paramLabel = "N", description = "the HAR entry, from 1")
    Integer entry;

    @Option(names = "--request", paramLabel = "'METHOD PATH'", description = "the request line")
    String request;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "repeatable")
    List<String> headers;

    @Option(names = "--body", paramLabel = "TEXT", description = "the request body")
    String body;

    @Override
    public Integer call() {
      Expectation expectation = OptionValues.parse("--expect", () -> Expectation.parse(expect));
      try (Store store = common.openStore()) {
        HttpRequestData pinned =
            GuardRequests.pinnable(pinned(store), common.wiring().redactor()::redact);
        Guard g = new Guards(store, Clock.systemUTC()).add(incident, name, pinned, expectation);
        System.out.println(
            "guard "
                + g.id()
                + " added against incident "
                + g.incidentId()
                + " ("
                + g.incidentTitle()
                + "): "
                + pinned.method()
                + " "
                + HttpRequestData.pathAndQuery(pinned.url())
                + ", expect "
                + expectation.text());
        return ExitCode.OK;
      }
    }

    private HttpRequestData pinned(Store store) {
      int sources = (corpus != null ? 1 : 0) + (har != null ? 1 : 0) + (request != null ? 1 : 0);
      if (sources != 1) {
        throw new SpotterException(
            "usage",
            "guard add needs one request: --corpus NAME --exchange ID, --har FILE --entry N, or"
                + " --request 'METHOD PATH'");
      }
      if (request != null) {
        return written();
      }
      if (corpus != null) {
        if (exchange == null) {
          throw OptionValues.usage("--exchange", "say which exchange of corpus '" + corpus + "'");
        }
        return GuardRequests.fromCorpus(store, corpus, exchange);
      }
      if (entry == null || entry < 1) {
        throw OptionValues.usage("--entry", "say which entry of " + har + ", from 1");
      }
      int[] n = {0};
      // invalid entries are not skipped: entry N is the Nth entry of the file, as its reader counts
      try (FileExchanges all = FileExchanges.open(har, ExchangeFormat.HAR, false, Long.MAX_VALUE)) {
        return GuardRequests.find(all, e -> ++n[0] == entry, "entry " + entry + " of " + har);
      }
    }

    private HttpRequestData written() {
      String[] line = request.strip().split("\\s+", 2);
      if (line.length != 2) {
        throw OptionValues.usage(
            "--request", "write 'METHOD /path?query', such as 'GET /orders/7'");
      }
      String method = OptionValues.parse("--request", () -> GuardRequests.method(line[0]));
      String target = OptionValues.parse("--request", () -> GuardRequests.target(line[1]));
      List<Header> list = new ArrayList<>();
      if (headers != null) {
        for (String h : headers) {
          list.add(OptionValues.parse("--header", () -> GuardRequests.header(h)));
        }
      }
      return GuardRequests.written(method, target, list, body);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the guards.")
  static final class ListGuards implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        List<Guard> guards = new Guards(store, Clock.systemUTC()).list(false);
        if (guards.isEmpty()) {
          System.out.println("No guards yet: 'spotter guard add' pins one to an incident.");
        }
        for (Guard g : guards) {
          System.out.println(
              g.id()
                  + "  "
                  + (g.active() ? "active  " : "disabled")
                  + "  "
                  + g.name()
                  + "  ["
                  + g.request().method()
                  + " "
                  + HttpRequestData.pathAndQuery(g.request().url())
                  + " → "
                  + g.expectation().text()
                  + "]  incident "
                  + g.incidentId()
                  + ": "
                  + g.incidentTitle());
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Stop running a guard.")
  static final class Disable implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ID", description = "the guard")
    long id;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        new Guards(store, Clock.systemUTC()).setActive(id, false);
        System.out.println("guard " + id + " disabled");
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Run a guard again.")
  static final class Enable implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "ID", description = "the guard")
    long id;

    @Override
    public Integer call() {
      try (Store store = common.openStore()) {
        new Guards(store, Clock.systemUTC()).setActive(id, true);
        System.out.println("guard " + id + " enabled");
        return ExitCode.OK;
      }
    }
  }
}
