package dev.spotter.capture;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;

/** What a reader found at one place of a file: an exchange, or an entry it could not use. */
public sealed interface ReadItem {

  /**
   * A usable exchange.
   *
   * @param notes what reading it took on trust (see {@link EntryNotes})
   */
  record Parsed(Exchange exchange, EntryNotes notes) implements ReadItem {
    /** An exchange read exactly as written. */
    public Parsed(Exchange exchange) {
      this(exchange, EntryNotes.NONE);
    }
  }

  /**
   * An entry that cannot become an exchange; the reader can go on after it.
   *
   * @param code the error code, such as {@code har.malformed}
   * @param file the file's name
   * @param where where in the file, such as {@code entry 12 (line 345, column 7)} or {@code line 7}
   * @param problem what is wrong, such as {@code request.method is missing}
   */
  record Invalid(String code, String file, String where, String problem) implements ReadItem {
    /** The one-line error to raise when invalid entries are not skipped. */
    public SpotterException toException() {
      return new SpotterException(code, file + ": " + where + ": " + problem);
    }
  }
}
