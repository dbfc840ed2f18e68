package dev.spotter.cli;

import dev.spotter.capture.ExchangeFormat;
import dev.spotter.capture.ExchangeReader;
import dev.spotter.capture.ReadItem;
import dev.spotter.model.Exchange;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The exchanges of a HAR or JSONL file as an iterator, for checking a file without importing it.
 * Invalid entries stop the run unless they are to be skipped.
 */
final class FileExchanges implements Iterator<Exchange>, AutoCloseable {
  private final ExchangeReader reader;
  private final boolean skipInvalid;
  private Exchange next;
  private long skipped;

  private FileExchanges(ExchangeReader reader, boolean skipInvalid) {
    this.reader = reader;
    this.skipInvalid = skipInvalid;
  }

  /**
   * @param bodyCap compressed bodies stored in the file are decoded up to this many bytes
   */
  static FileExchanges open(Path file, ExchangeFormat format, boolean skipInvalid, long bodyCap) {
    return new FileExchanges(format.openReader(file, bodyCap), skipInvalid);
  }

  /**
   * Reads the whole file once before any request is sent: a broken entry then stops the check
   * before it starts instead of half-way, and the count gives the progress bar its end.
   */
  static long validate(Path file, ExchangeFormat format, boolean skipInvalid, long bodyCap) {
    long count = 0;
    try (FileExchanges all = open(file, format, skipInvalid, bodyCap)) {
      while (all.hasNext()) {
        all.next();
        count++;
      }
    }
    return count;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      ReadItem item = reader.next();
      if (item == null) {
        return false;
      }
      if (item instanceof ReadItem.Parsed parsed) {
        next = parsed.exchange();
      } else if (item instanceof ReadItem.Invalid invalid) {
        if (!skipInvalid) {
          throw invalid.toException();
        }
        skipped++;
      }
    }
    return true;
  }

  @Override
  public Exchange next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Exchange e = next;
    next = null;
    return e;
  }

  long skipped() {
    return skipped;
  }

  @Override
  public void close() {
    reader.close();
  }
}
