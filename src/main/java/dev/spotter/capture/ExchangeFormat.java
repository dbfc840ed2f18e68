package dev.spotter.capture;

import dev.spotter.model.SpotterException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats Spotter imports and exports. */
public enum ExchangeFormat {
  /** HTTP Archive 1.2, as browsers, Playwright, Charles and mitmproxy write it. */
  HAR,
  /** Spotter's own line-delimited JSON, one exchange per line (docs/formats.md). */
  JSONL;

  /** The format a file's name says: {@code .har}, {@code .jsonl} or {@code .ndjson}. */
  public static ExchangeFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".har")) {
      return HAR;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    throw new SpotterException(
        "import.unknown_format",
        file
            + ": cannot tell the format from the name; name it .har or .jsonl, or give the format");
  }

  /** Parses a format name as a user types it ({@code har}, {@code jsonl}). */
  public static ExchangeFormat parse(String name) {
    for (ExchangeFormat f : values()) {
      if (f.name().equalsIgnoreCase(name.strip())) {
        return f;
      }
    }
    throw new SpotterException(
        "import.unknown_format", "unknown format '" + name + "'; use har or jsonl");
  }

  /** Opens a reader of this format on a file, decoded bodies capped at the default body cap. */
  public ExchangeReader openReader(Path file) {
    return openReader(file, ImportOptions.DEFAULT_BODY_CAP);
  }

  /**
   * Opens a reader of this format on a file.
   *
   * @param bodyCap decoded bytes kept at most of a body a tool stored compressed (HAR only; JSONL
   *     bodies are stored decoded)
   */
  public ExchangeReader openReader(Path file, long bodyCap) {
    return this == HAR ? HarReader.open(file, bodyCap) : JsonlReader.open(file);
  }

  /** A reader of this format on a stream it closes; {@code fileName} names it in messages. */
  ExchangeReader openReader(InputStream in, String fileName, long bodyCap) {
    return this == HAR ? HarReader.of(in, fileName, bodyCap) : JsonlReader.of(in, fileName);
  }

  /** A writer of this format on a stream (which it will not close). */
  public ExchangeWriter writer(OutputStream out) {
    return this == HAR ? new HarWriter(out) : new JsonlWriter(out);
  }
}
