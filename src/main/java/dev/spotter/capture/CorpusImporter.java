package dev.spotter.capture;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.ImportRecord;
import dev.spotter.store.Store;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Imports a HAR or JSONL file into a corpus: reader, then redaction, then the body cap, then {@link
 * Store#append} in batches. Nothing reaches the store before it has been redacted.
 *
 * <p>By default a file is imported whole or not at all: it is read once to check every entry, and
 * only then read again and stored, so a bad entry anywhere adds nothing. If the store itself fails
 * half-way (a full disk), a corpus the import created is removed again; batches added to a corpus
 * that already existed stay, and the error says how many. With {@link ImportOptions#skipInvalid()}
 * the file is stored in one pass, invalid entries are skipped and named, and a file cut short keeps
 * the entries before the break.
 *
 * <p>The SHA-256 of the file's bytes (from the checking pass, or a plain read when skipping) is
 * recorded with each successful import; a file whose bytes are already in the corpus is refused
 * with {@code import.repeated} unless {@link ImportOptions#allowRepeat()}.
 */
public final class CorpusImporter {
  private final Store store;
  private final Redactor redactor;
  private final ImportOptions options;

  public CorpusImporter(Store store, Redactor redactor, ImportOptions options) {
    this.store = Objects.requireNonNull(store, "store");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Imports a file whose format its name tells. */
  public ImportSummary importFile(Path file, String corpus) {
    return importFile(file, ExchangeFormat.of(file), corpus, count -> {});
  }

  /**
   * Imports a file.
   *
   * @param progress called with the number of exchanges stored so far after each batch
   */
  public ImportSummary importFile(
      Path file, ExchangeFormat format, String corpus, LongConsumer progress) {
    Objects.requireNonNull(corpus, "corpus");
    // the checking pass reads every byte anyway; without one, a plain pass gives the hash
    String sha256 = options.skipInvalid() ? FileHash.sha256(file) : validate(file, format);
    if (!options.allowRepeat()) {
      refuseRepeat(file, corpus, sha256);
    }
    boolean corpusExisted = store.corpus(corpus).isPresent();
    RedactionCounts before = redactor.counts();
    Tally tally = new Tally();
    List<SkippedEntry> skipped = new ArrayList<>();
    List<Exchange> batch = new ArrayList<>(options.batchSize());
    try (ExchangeReader reader = format.openReader(file, options.bodyCapBytes())) {
      while (true) {
        ReadItem item;
        try {
          item = reader.next();
        } catch (SpotterException broken) {
          if (!options.skipInvalid()) {
            throw broken; // the file changed since it was checked
          }
          skipped.add(new SkippedEntry("the rest of the file", stripFile(broken, reader)));
          break;
        }
        if (item == null) {
          break;
        }
        if (item instanceof ReadItem.Invalid invalid) {
          if (!options.skipInvalid()) {
            throw invalid.toException();
          }
          skipped.add(new SkippedEntry(invalid.where(), invalid.problem()));
          continue;
        }
        ReadItem.Parsed parsed = (ReadItem.Parsed) item;
        batch.add(prepare(parsed.exchange(), parsed.notes(), tally));
        if (batch.size() == options.batchSize()) {
          flush(corpus, batch, tally, progress);
        }
      }
      flush(corpus, batch, tally, progress);
      if (tally.imported > 0) {
        store.recordImport(corpus, file.getFileName().toString(), sha256, tally.imported);
      }
    } catch (SpotterException e) {
      throw undoPartial(e, file, corpus, corpusExisted, tally.imported);
    }
    return new ImportSummary(
        file.getFileName().toString(),
        corpus,
        tally.imported,
        skipped,
        tally.responsesMissing,
        tally.truncatedBodies,
        tally.valuesAsText,
        tally.bodiesNotCaptured,
        redactor.counts().since(before));
  }

  /**
   * Stores exchanges that are already in memory (the demo's traffic, say) through the same
   * redaction and body cap as a file import, in batches.
   *
   * @param sourceName what they came from, for the summary
   */
  public ImportSummary importExchanges(String sourceName, List<Exchange> exchanges, String corpus) {
    Objects.requireNonNull(corpus, "corpus");
    RedactionCounts before = redactor.counts();
    Tally tally = new Tally();
    List<Exchange> batch = new ArrayList<>(options.batchSize());
    for (Exchange exchange : exchanges) {
      batch.add(prepare(exchange, EntryNotes.NONE, tally));
      if (batch.size() == options.batchSize()) {
        flush(corpus, batch, tally, count -> {});
      }
    }
    flush(corpus, batch, tally, count -> {});
    return new ImportSummary(
        sourceName,
        corpus,
        tally.imported,
        List.of(),
        tally.responsesMissing,
        tally.truncatedBodies,
        tally.valuesAsText,
        tally.bodiesNotCaptured,
        redactor.counts().since(before));
  }

  /**
   * The first pass of a whole-or-nothing import: every entry must convert. It reads on past an
   * invalid entry, so one error names all of them (the first few) at once.
   *
   * @return the SHA-256 of the file's bytes
   */
  private String validate(Path file, ExchangeFormat format) {
    MessageDigest digest = FileHash.newDigest();
    try (DigestInputStream in =
            new DigestInputStream(new BufferedInputStream(FileHash.open(file), 64 * 1024), digest);
        ExchangeReader reader =
            format.openReader(
                FileHash.unclosable(in), file.getFileName().toString(), options.bodyCapBytes())) {
      InvalidEntries invalid = new InvalidEntries(reader.fileName());
      ReadItem item;
      while (true) {
        try {
          item = reader.next();
        } catch (SpotterException broken) {
          throw invalid.brokenAfter(broken);
        }
        if (item == null) {
          break;
        }
        if (item instanceof ReadItem.Invalid i) {
          invalid.add(i);
        }
      }
      if (!invalid.isEmpty()) {
        throw invalid.toException();
      }
      FileHash.drain(in, file); // whatever follows the last entry is part of the file too
    } catch (IOException closing) {
      throw FileHash.unreadable(file, closing);
    }
    return FileHash.hex(digest);
  }

  /** A file whose bytes are already in the corpus is refused unless repeats are allowed. */
  private void refuseRepeat(Path file, String corpus, String sha256) {
    Optional<ImportRecord> earlier = store.findImport(corpus, sha256);
    if (earlier.isEmpty()) {
      return;
    }
    ImportRecord e = earlier.get();
    String name = file.getFileName().toString();
    throw new SpotterException(
        "import.repeated",
        name
            + " was already imported into corpus '"
            + corpus
            + "'"
            + (e.fileName().equals(name) ? "" : " as " + e.fileName())
            + " on "
            + e.importedAt().truncatedTo(ChronoUnit.SECONDS)
            + " ("
            + e.exchanges()
            + (e.exchanges() == 1 ? " exchange" : " exchanges")
            + "); pass --again to import it twice");
  }

  private Exchange prepare(Exchange read, EntryNotes notes, Tally tally) {
    tally.valuesAsText += notes.valuesAsText();
    Exchange redacted = redactor.redact(read);
    HttpRequestData request = redacted.request();
    Body requestBody = request.body().capped(options.bodyCapBytes());
    HttpResponseData response = redacted.response();
    if (requestBody != request.body()) {
      request = request.withBody(requestBody);
    }
    // a body the file does not hold is not a body cut: counted apart, so a user knows which
    if (notes.requestBodyNotCaptured()) {
      tally.bodiesNotCaptured++;
    } else if (requestBody.truncated()) {
      tally.truncatedBodies++;
    }
    if (response == null) {
      tally.responsesMissing++;
    } else {
      Body responseBody = response.body().capped(options.bodyCapBytes());
      if (responseBody != response.body()) {
        response = response.withBody(responseBody);
      }
      if (notes.responseBodyNotCaptured()) {
        tally.bodiesNotCaptured++;
      } else if (responseBody.truncated()) {
        tally.truncatedBodies++;
      }
    }
    return redacted.withRequest(request).withResponse(response);
  }

  private void flush(String corpus, List<Exchange> batch, Tally tally, LongConsumer progress) {
    if (batch.isEmpty()) {
      return;
    }
    store.append(corpus, batch);
    tally.imported += batch.size();
    batch.clear();
    progress.accept(tally.imported);
  }

  private SpotterException undoPartial(
      SpotterException e, Path file, String corpus, boolean corpusExisted, long stored) {
    if (stored == 0) {
      return e;
    }
    if (!corpusExisted && !options.skipInvalid()) {
      try {
        store.deleteCorpus(corpus);
        return e;
      } catch (SpotterException cleanupFailed) {
        e.addSuppressed(cleanupFailed);
      }
    }
    return new SpotterException(
        e.code(),
        e.getMessage()
            + " ("
            + stored
            + " exchanges of "
            + file.getFileName()
            + " were already stored in corpus '"
            + corpus
            + "')",
        e.retryable(),
        e);
  }

  private static String stripFile(SpotterException e, ExchangeReader reader) {
    String prefix = reader.fileName() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static final class Tally {
    long imported;
    long responsesMissing;
    long truncatedBodies;
    long valuesAsText;
    long bodiesNotCaptured;
  }
}
