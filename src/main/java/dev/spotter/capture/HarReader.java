package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.model.SpotterException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a HAR 1.2 file as a stream: the parser walks to {@code log.entries} and turns one entry
 * tree at a time into an exchange, so a file of any size needs only as much memory as its largest
 * entry. Exchanges get the id {@code entry-N} (N from 1) and the source {@code har:<file name>}.
 *
 * <p>Broken JSON (a syntax error, a file cut short) stops the reading with a {@code har.malformed}
 * error naming the entry, line and column; an entry that is valid JSON but not a usable HAR entry
 * comes back as {@link ReadItem.Invalid} so the caller may skip it.
 */
public final class HarReader implements ExchangeReader {
  private static final String CODE = "har.malformed";

  /**
   * Decoded bytes kept per compressed body when no cap is given: the default body cap of the whole
   * tool, so decompressing never holds more than a stored body may have.
   */
  public static final long DEFAULT_DECODE_CAP = ImportOptions.DEFAULT_BODY_CAP;

  private final String fileName;
  private final long decodeCap;
  private final JsonParser parser;
  private int entryNumber;
  private Phase phase = Phase.BEFORE_ENTRIES;
  private boolean finished;

  /** Where the parser is, to say where a broken file broke. */
  private enum Phase {
    BEFORE_ENTRIES,
    BETWEEN_ENTRIES,
    IN_ENTRY,
    AFTER_ENTRIES
  }

  private HarReader(InputStream in, String fileName, long decodeCap) {
    this.fileName = fileName;
    this.decodeCap = decodeCap;
    try {
      this.parser = JsonSupport.MAPPER.createParser(in);
    } catch (IOException e) {
      throw new SpotterException(CODE, fileName + ": cannot be read: " + e.getMessage(), false, e);
    }
  }

  /** Opens a HAR file for reading, compressed bodies decoded up to {@link #DEFAULT_DECODE_CAP}. */
  public static HarReader open(Path file) {
    return open(file, DEFAULT_DECODE_CAP);
  }

  /**
   * Opens a HAR file for reading.
   *
   * @param decodeCap bytes kept at most of a body a tool stored compressed, once decoded; the rest
   *     is dropped and the body marked truncated (the import's body cap)
   */
  public static HarReader open(Path file, long decodeCap) {
    String name = file.getFileName().toString();
    try {
      return new HarReader(
          new BufferedInputStream(Files.newInputStream(file), 64 * 1024), name, decodeCap);
    } catch (IOException e) {
      throw cannotOpen(file, e);
    }
  }

  static SpotterException cannotOpen(Path file, IOException e) {
    String why =
        e instanceof java.nio.file.NoSuchFileException
            ? "no such file"
            : e instanceof java.nio.file.AccessDeniedException
                ? "permission denied"
                : e.getMessage();
    return new SpotterException("import.unreadable", file + ": cannot be opened: " + why, false, e);
  }

  /** Reads a HAR document from a stream; {@code fileName} names it in messages and sources. */
  public static HarReader of(InputStream in, String fileName) {
    return new HarReader(in, fileName, DEFAULT_DECODE_CAP);
  }

  /** Reads a HAR document from a stream, decoded bodies kept up to {@code decodeCap} bytes. */
  public static HarReader of(InputStream in, String fileName, long decodeCap) {
    return new HarReader(in, fileName, decodeCap);
  }

  @Override
  public String fileName() {
    return fileName;
  }

  @Override
  public ReadItem next() {
    if (finished) {
      return null;
    }
    try {
      if (phase == Phase.BEFORE_ENTRIES) {
        seekEntries();
        phase = Phase.BETWEEN_ENTRIES;
      }
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        phase = Phase.AFTER_ENTRIES;
        readToTheEnd();
        finished = true;
        return null;
      }
      if (token == null) {
        throw truncated();
      }
      entryNumber++;
      JsonLocation start = parser.currentTokenLocation();
      String where = "entry " + entryNumber + " (" + JsonSupport.lineAndColumn(start) + ")";
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        return new ReadItem.Invalid(CODE, fileName, where, "the entry is not a JSON object");
      }
      phase = Phase.IN_ENTRY;
      JsonNode entry = parser.readValueAsTree();
      phase = Phase.BETWEEN_ENTRIES;
      try {
        return HarEntryConverter.convert(
            entry, "entry-" + entryNumber, "har:" + fileName, decodeCap);
      } catch (EntryProblem problem) {
        return new ReadItem.Invalid(CODE, fileName, where, problem.getMessage());
      }
    } catch (JsonProcessingException e) {
      finished = true;
      throw new SpotterException(
          CODE, fileName + ": " + whereBroken(e) + ": " + JsonSupport.describe(e), false, e);
    } catch (IOException e) {
      finished = true;
      throw new SpotterException(
          "import.unreadable", fileName + ": reading failed: " + e.getMessage(), false, e);
    }
  }

  private String whereBroken(JsonProcessingException e) {
    JsonLocation at = e.getLocation() == null ? parser.currentLocation() : e.getLocation();
    String lineColumn = JsonSupport.lineAndColumn(at);
    return switch (phase) {
      case BEFORE_ENTRIES -> lineColumn;
      case IN_ENTRY -> "entry " + entryNumber + " (" + lineColumn + ")";
      case BETWEEN_ENTRIES ->
          (entryNumber == 0 ? "before entry 1" : "after entry " + entryNumber)
              + " ("
              + lineColumn
              + ")";
      case AFTER_ENTRIES -> "after the last entry (" + lineColumn + ")";
    };
  }

  /** Moves the parser to the first token inside {@code log.entries}. */
  private void seekEntries() throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw notHar("the file is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      throw notHar("the file is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("log")) {
        if (value != JsonToken.START_OBJECT) {
          throw notHar("log is not an object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String logField = parser.currentName();
          JsonToken logValue = parser.nextToken();
          if (logField.equals("entries")) {
            if (logValue != JsonToken.START_ARRAY) {
              throw notHar("log.entries is not an array");
            }
            return;
          }
          parser.skipChildren();
        }
        throw notHar("log has no entries array");
      }
      parser.skipChildren();
    }
    throw notHar("it has no log object");
  }

  /** After the entries, the rest must still be well-formed JSON: a cut-off file is not complete. */
  private void readToTheEnd() throws IOException {
    int depth = 2; // inside log and the root object
    while (depth > 0) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw truncated();
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        parser.skipChildren();
      } else if (token == JsonToken.END_OBJECT) {
        depth--;
      }
    }
    if (parser.nextToken() != null) {
      throw new SpotterException(
          CODE,
          fileName
              + ": "
              + JsonSupport.lineAndColumn(parser.currentTokenLocation())
              + ": unexpected content after the end of the HAR document");
    }
  }

  private SpotterException truncated() {
    String where =
        switch (phase) {
          case BEFORE_ENTRIES, IN_ENTRY -> JsonSupport.lineAndColumn(parser.currentLocation());
          case BETWEEN_ENTRIES, AFTER_ENTRIES ->
              (entryNumber == 0 ? "before entry 1" : "after entry " + entryNumber)
                  + " ("
                  + JsonSupport.lineAndColumn(parser.currentLocation())
                  + ")";
        };
    return new SpotterException(
        CODE, fileName + ": " + where + ": the JSON ends too early (is the file truncated?)");
  }

  private SpotterException notHar(String what) {
    return new SpotterException(CODE, fileName + ": not a HAR file: " + what);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // nothing was written; closing a file we only read cannot lose anything
    }
  }
}
