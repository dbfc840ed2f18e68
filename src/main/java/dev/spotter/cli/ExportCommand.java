package dev.spotter.cli;

import dev.spotter.capture.CorpusExporter;
import dev.spotter.capture.ExchangeFormat;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  interface Writing {
    long write(OutputStream out);
  }

  /**
   * Writes beside the target and moves into place, so an interrupted export leaves no half file.
   */
  static long writeAtomically(Path target, Writing writing) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      long count;
      try (OutputStream out = Files.newOutputStream(temp)) {
        count = writing.write(out);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return count;
    } catch (IOException e) {
      throw new SpotterException(
          "export.write_failed", target + ": cannot be written: " + e.getMessage(), true, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the temporary file is only litter; the error that matters was raised above
        }
      }
    }
  }
}
