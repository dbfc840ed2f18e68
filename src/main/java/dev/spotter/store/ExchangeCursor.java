package dev.spotter.store;

import dev.spotter.model.Exchange;
import java.util.Iterator;

/** A forward-only stream over a corpus that holds a database cursor until closed. */
public interface ExchangeCursor extends Iterator<Exchange>, AutoCloseable {
  /** How many exchanges the corpus held when the cursor was opened, for progress. */
  long expectedCount();

  @Override
  void close();
}
