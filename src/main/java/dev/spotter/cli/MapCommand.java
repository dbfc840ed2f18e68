package dev.spotter.cli;

import dev.spotter.model.Body;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ContentDecoder;
import dev.spotter.report.AtomicFile;
import dev.spotter.report.ServiceMap;
import dev.spotter.report.ServiceMapBuilder;
import dev.spotter.report.ServiceMapCoverage;
import dev.spotter.report.ServiceMapJson;
import dev.spotter.report.ServiceMapText;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter map}: the endpoints a corpus shows, and which of them no check covers. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = {
      "Know the system you inherited: every endpoint of a corpus with its share of the traffic,"
          + " its status mix, its latency and the inferred shape of its JSON answers, and whether"
          + " a stored check run or an active guard covers it. Endpoints no check compared and no"
          + " guard replays are listed as gaps.",
      "Exit code 0: the map was made; 2: usage, configuration or operational error (for example"
          + " an unknown corpus)."
    })
final class MapCommand implements Callable<Integer> {
  /** Decoded bytes kept per body read for a schema; a longer one is cut and noted as such. */
  private static final long SCHEMA_BODY_CAP = 16L << 20;

  @Mixin CommonOptions common;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description = "corpus in the store to map (default: corpus in spotter.yaml, else 'default')")
  String corpus;

  @Option(names = "--json", description = "write the map as JSON instead of text")
  boolean json;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "default: standard output")
  Path output;

  @Option(
      names = "--schema-bodies",
      paramLabel = "N",
      description =
          "2xx bodies per endpoint read to infer its schema, the first ones (default "
              + ServiceMapBuilder.DEFAULT_SCHEMA_BODIES
              + ", 0 for none)")
  int schemaBodies = ServiceMapBuilder.DEFAULT_SCHEMA_BODIES;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description =
          "most recent runs read for coverage (default " + ServiceMapCoverage.DEFAULT_RUNS + ")")
  int runs = ServiceMapCoverage.DEFAULT_RUNS;

  @Override
  public Integer call() {
    OptionValues.within("--schema-bodies", schemaBodies, 0, 100_000);
    OptionValues.within("--runs", runs, 1, 10_000);
    Wiring wiring = common.wiring();
    String name = wiring.corpus(corpus);
    try (Store store = common.openStore()) {
      ServiceMapBuilder builder =
          new ServiceMapBuilder(wiring.grouper(), MapCommand::decoded, schemaBodies);
      // read() names the corpora the store has when this one is not among them
      try (ExchangeCursor cursor = store.read(name)) {
        Progress progress = Progress.forJob("mapping corpus " + name);
        long done = 0;
        while (cursor.hasNext()) {
          builder.add(cursor.next());
          progress.update(++done, cursor.expectedCount());
        }
        progress.finish();
      }
      ServiceMapCoverage coverage =
          ServiceMapCoverage.from(store, wiring.grouper(), Clock.systemUTC(), runs);
      ServiceMap map = builder.build(name, coverage);
      String text = json ? ServiceMapJson.render(map) : ServiceMapText.render(map);
      if (output == null) {
        System.out.print(text);
      } else {
        AtomicFile.write(output, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        System.out.println("wrote " + output);
      }
      return ExitCode.OK;
    }
  }

  /**
   * Stored bodies are mostly decoded already, yet some imports keep them compressed: {@link
   * ContentDecoder#decodeStored} undoes a coding only where the bytes follow it.
   */
  static Body decoded(HttpResponseData response) {
    ContentDecoder.Result result =
        ContentDecoder.decodeStored(response.headers(), response.body(), SCHEMA_BODY_CAP);
    return result instanceof ContentDecoder.Result.Decoded d ? d.body() : null;
  }
}
