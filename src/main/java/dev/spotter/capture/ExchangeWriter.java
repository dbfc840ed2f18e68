package dev.spotter.capture;

import dev.spotter.model.Exchange;

/**
 * Writes exchanges to a stream in one of Spotter's export formats. {@link #close()} finishes the
 * document and flushes, but leaves the underlying stream open (it may be standard output).
 */
public interface ExchangeWriter extends AutoCloseable {
  void write(Exchange exchange);

  @Override
  void close();
}
