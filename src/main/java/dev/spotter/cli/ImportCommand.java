package dev.spotter.cli;

import dev.spotter.capture.CorpusImporter;
import dev.spotter.capture.ExchangeFormat;
import dev.spotter.capture.ImportSummary;
import dev.spotter.capture.SkippedEntry;
import dev.spotter.cli.config.SizeValue;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spotter import}: HAR or JSONL files into a corpus, redacted before they reach disk. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import HAR 1.2 files (browsers, Playwright, Charles, mitmproxy) or Spotter JSONL into a"
          + " corpus. Credentials are redacted before anything reaches disk. A file with a broken"
          + " entry is not imported at all unless --skip-invalid is given."
    })
final class ImportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description = "HAR (.har) or JSONL (.jsonl) files")
  List<Path> files;

  @Option(
      names = "--corpus",
      paramLabel = "NAME",
      description = "corpus to add to (default: corpus in spotter.yaml, else 'default')")
  String corpus;

  @Option(
      names = "--format",
      paramLabel = "har|jsonl",
      description = "format of the files (default: from each file's extension)")
  String format;

  @Option(
      names = "--skip-invalid",
      description = "skip entries that cannot be read, naming each, instead of importing nothing")
  boolean skipInvalid;

  @Option(
      names = "--again",
      description = "import a file even if the same file was already imported into this corpus")
  boolean again;

  @Option(
      names = "--max-body-size",
      paramLabel = "SIZE",
      description = "bodies above this are stored truncated and marked so (default 10MiB)")
  String maxBodySize;

  @Override
  public Integer call() {
    Wiring wiring = common.wiring();
    String target = wiring.corpus(corpus);
    Long cap = null;
    if (maxBodySize != null) {
      try {
        cap = SizeValue.parse(maxBodySize).bytes();
      } catch (IllegalArgumentException e) {
        throw new SpotterException("import.usage", "--max-body-size: " + e.getMessage());
      }
    }
    try (Store store = common.openStore()) {
      CorpusImporter importer =
          new CorpusImporter(
              store,
              wiring.redactor(),
              wiring.importOptions(cap, skipInvalid).allowingRepeat(again));
      for (Path file : files) {
        ExchangeFormat f = format != null ? ExchangeFormat.parse(format) : ExchangeFormat.of(file);
        Progress progress = Progress.forJob("importing " + file.getFileName());
        ImportSummary summary;
        try {
          summary = importer.importFile(file, f, target, n -> progress.update(n, -1));
        } finally {
          progress.finish();
        }
        print(summary);
      }
    }
    System.out.println("Store: " + common.storePath());
    return ExitCode.OK;
  }

  private static void print(ImportSummary s) {
    System.out.printf(
        Locale.ROOT,
        "%s: %,d exchanges imported into corpus '%s'",
        s.file(),
        s.imported(),
        s.corpus());
    if (s.responsesMissing() > 0) {
      System.out.printf(
          Locale.ROOT,
          ", %,d without a recorded response (kept as requests only)",
          s.responsesMissing());
    }
    if (s.truncatedBodies() > 0) {
      System.out.printf(Locale.ROOT, ", %,d bodies truncated", s.truncatedBodies());
    }
    if (s.bodiesNotCaptured() > 0) {
      System.out.printf(Locale.ROOT, ", bodies not captured: %,d", s.bodiesNotCaptured());
    }
    if (s.valuesAsText() > 0) {
      System.out.printf(
          Locale.ROOT,
          ", %,d %s of another type read as text",
          s.valuesAsText(),
          s.valuesAsText() == 1 ? "value" : "values");
    }
    System.out.println();
    System.out.println("  redacted: " + s.redacted().describe());
    for (SkippedEntry skipped : s.skipped()) {
      System.out.println("  skipped " + skipped.where() + ": " + skipped.reason());
    }
  }
}
