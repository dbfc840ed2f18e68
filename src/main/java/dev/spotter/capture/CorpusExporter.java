package dev.spotter.capture;

import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.Store;
import java.io.OutputStream;
import java.util.Objects;

/** Writes a stored corpus to a stream as HAR or JSONL, streaming it from the store. */
public final class CorpusExporter {
  private final Store store;

  public CorpusExporter(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Writes every exchange of {@code corpus}, in recorded order, to {@code out} (left open).
   *
   * @return how many exchanges were written
   * @throws dev.spotter.model.SpotterException {@code store.no_such_corpus} when there is no such
   *     corpus
   */
  public long export(String corpus, ExchangeFormat format, OutputStream out) {
    long written = 0;
    try (ExchangeCursor cursor = store.read(corpus);
        ExchangeWriter writer = format.writer(out)) {
      while (cursor.hasNext()) {
        writer.write(cursor.next());
        written++;
      }
    }
    return written;
  }
}
