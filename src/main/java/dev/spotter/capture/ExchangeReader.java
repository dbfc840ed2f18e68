package dev.spotter.capture;

/**
 * Reads exchanges from a file one at a time, never holding more than one entry in memory.
 * Implementations: {@link HarReader}, {@link JsonlReader}.
 */
public interface ExchangeReader extends AutoCloseable {

  /**
   * The next entry, or null at the end of the file.
   *
   * @throws dev.spotter.model.SpotterException when the file cannot be read any further (broken or
   *     truncated JSON in a HAR file, an I/O error); entries that are wrong but can be skipped come
   *     back as {@link ReadItem.Invalid} instead
   */
  ReadItem next();

  /** The name of the file being read, as used in messages and in {@code Exchange.source()}. */
  String fileName();

  @Override
  void close();
}
