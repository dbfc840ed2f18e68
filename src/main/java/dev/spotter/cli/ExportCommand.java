package dev.spotter.cli;

import dev.spotter.capture.CorpusExporter;
import dev.spotter.capture.ExchangeFormat;
import dev.spotter.report.AtomicFile;
import dev.spotter.store.Store;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter export}: a corpus as HAR 1.2 or Spotter JSONL. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write a corpus as HAR 1.2 or Spotter JSONL, to a file or standard output.")
final class ExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description = "corpus to export (default: corpus in spotter.yaml, else 'default')")
  String corpus;

  @Option(
      names = "--format",
      paramLabel = "har|jsonl",
      description = "output format (default: from the output file's extension, else har)")
  String format;

  @Option(
      names = {"--output", "-o"},
      paramLabel = "FILE",
      description = "file to write (default: standard output)")
  Path output;

  @Override
  public Integer call() {
    String name = common.wiring().corpus(corpus);
    ExchangeFormat f =
        format != null
            ? ExchangeFormat.parse(format)
            : (output != null ? formatOf(output) : ExchangeFormat.HAR);
    try (Store store = common.openStore()) {
      CorpusExporter exporter = new CorpusExporter(store);
      if (output == null) {
        exporter.export(name, f, System.out);
        System.out.flush();
        return ExitCode.OK;
      }
      long count = writeAtomically(output, out -> exporter.export(name, f, out));
      System.err.printf(
          Locale.ROOT, "%,d exchanges of corpus '%s' written to %s%n", count, name, output);
      return ExitCode.OK;
    }
  }

  private static ExchangeFormat formatOf(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jsonl") || n.endsWith(".ndjson")
        ? ExchangeFormat.JSONL
        : ExchangeFormat.HAR;
  }

  /**
   * Writes beside the target and moves into place, so an interrupted export leaves no half file.
   */
  private static long writeAtomically(
      Path target, java.util.function.ToLongFunction<OutputStream> writing) {
    Path parent = target.toAbsolutePath().getParent();
    try {
      dev.spotter.store.OwnerOnly.createDirectories(parent);
    } catch (java.io.IOException | RuntimeException e) {
      throw new dev.spotter.model.SpotterException(
          "export.write_failed",
          "cannot write "
              + target
              + ": the directory "
              + parent
              + " cannot be created ("
              + e
              + ")");
    }
    long[] count = new long[1];
    AtomicFile.write(target, out -> count[0] = writing.applyAsLong(out));
    return count[0];
  }
}
