package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads Spotter's line-delimited JSON format. Lines are independent, so a broken line (bad JSON, a
 * missing field, a line cut short at the end of the file) comes back as {@link ReadItem.Invalid}
 * and the reader goes on with the next one. Blank lines are ignored.
 */
public final class JsonlReader implements ExchangeReader {
  private final String fileName;
  private final BufferedReader lines;
  private long lineNumber;
  private boolean finished;

  private JsonlReader(InputStream in, String fileName) {
    this.fileName = fileName;
    this.lines =
        new BufferedReader(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            64 * 1024);
  }

  /** Opens a JSONL file for reading. */
  public static JsonlReader open(Path file) {
    try {
      return new JsonlReader(Files.newInputStream(file), file.getFileName().toString());
    } catch (IOException e) {
      throw HarReader.cannotOpen(file, e);
    }
  }

  /** Reads JSONL from a stream; {@code fileName} names it in messages and default sources. */
  public static JsonlReader of(InputStream in, String fileName) {
    return new JsonlReader(in, fileName);
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
    String line;
    do {
      try {
        line = lines.readLine();
      } catch (CharacterCodingException e) {
        finished = true;
        throw new SpotterException(
            JsonlFormat.CODE,
            fileName + ": line " + (lineNumber + 1) + ": not UTF-8 text",
            false,
            e);
      } catch (IOException e) {
        finished = true;
        throw new SpotterException(
            "import.unreadable", fileName + ": reading failed: " + e.getMessage(), false, e);
      }
      if (line == null) {
        finished = true;
        return null;
      }
      lineNumber++;
    } while (line.isBlank());
    String where = "line " + lineNumber;
    JsonNode node;
    try {
      node = JsonSupport.WHOLE_DOCUMENT.readTree(line);
    } catch (JsonProcessingException e) {
      return new ReadItem.Invalid(JsonlFormat.CODE, fileName, where, JsonSupport.describe(e));
    }
    try {
      return new ReadItem.Parsed(exchange(node));
    } catch (NewerVersion e) {
      return new ReadItem.Invalid(JsonlFormat.CODE_NEWER, fileName, where, e.getMessage());
    } catch (EntryProblem e) {
      return new ReadItem.Invalid(JsonlFormat.CODE, fileName, where, e.getMessage());
    }
  }

  /** A line from a newer Spotter: not broken, but not readable by this one either. */
  private static final class NewerVersion extends EntryProblem {
    private static final long serialVersionUID = 1L;

    NewerVersion(String message) {
      super(message);
    }
  }

  private Exchange exchange(JsonNode line) throws EntryProblem {
    if (!line.isObject()) {
      throw new EntryProblem("the line is not a JSON object");
    }
    long version = Fields.requiredLong(line, "version", "version");
    if (version > JsonlFormat.VERSION) {
      throw new NewerVersion(
          "format version "
              + version
              + " is newer than this Spotter reads ("
              + JsonlFormat.VERSION
              + "); upgrade Spotter");
    }
    if (version < 1) {
      throw new EntryProblem("version " + version + " is not a Spotter JSONL version");
    }
    String id = Fields.optionalString(line, "id", "id");
    String source = Fields.optionalString(line, "source", "source");
    String startedText = Fields.optionalString(line, "startedAt", "startedAt");
    Instant startedAt = startedText == null ? null : HarDates.parse(startedText, "startedAt");
    long duration = Fields.optionalLong(line, "durationMicros", "durationMicros", -1);

    JsonNode request = Fields.requiredObject(line, "request", "request");
    HttpRequestData requestData =
        new HttpRequestData(
            nonBlank(Fields.requiredString(request, "method", "request.method"), "request.method"),
            nonBlank(Fields.requiredString(request, "url", "request.url"), "request.url"),
            headers(request, "request.headers"),
            body(request, "request.body"));

    HttpResponseData responseData = null;
    JsonNode response = Fields.optionalObject(line, "response", "response");
    if (response != null) {
      long status = Fields.requiredLong(response, "status", "response.status");
      if (status < 100 || status > 999) {
        throw new EntryProblem("response.status " + status + " is not an HTTP status code");
      }
      responseData =
          new HttpResponseData(
              (int) status, headers(response, "response.headers"), body(response, "response.body"));
    }
    return new Exchange(
        id == null || id.isEmpty() ? "line-" + lineNumber : id,
        requestData,
        responseData,
        startedAt,
        duration < 0 ? -1 : duration,
        source == null || source.isEmpty() ? "jsonl:" + fileName : source);
  }

  private static String nonBlank(String value, String path) throws EntryProblem {
    if (value.isBlank()) {
      throw new EntryProblem(path + " is empty");
    }
    return value;
  }

  private static Headers headers(JsonNode parent, String path) throws EntryProblem {
    JsonNode array = Fields.optionalArray(parent, "headers", path);
    if (array == null) {
      return Headers.EMPTY;
    }
    List<Header> list = new ArrayList<>(array.size());
    int i = 0;
    for (JsonNode pair : array) {
      String at = path + "[" + i++ + "]";
      if (!pair.isArray()
          || pair.size() != 2
          || !pair.get(0).isTextual()
          || !pair.get(1).isTextual()) {
        throw Fields.wrongType(at, "a [name, value] pair of strings", pair);
      }
      if (pair.get(0).textValue().isBlank()) {
        throw new EntryProblem(at + " has an empty name");
      }
      list.add(new Header(pair.get(0).textValue(), pair.get(1).textValue()));
    }
    return new Headers(list);
  }

  private static Body body(JsonNode parent, String path) throws EntryProblem {
    JsonNode body = Fields.optionalObject(parent, "body", path);
    if (body == null) {
      return Body.EMPTY;
    }
    String text = Fields.optionalString(body, "text", path + ".text");
    String base64 = Fields.optionalString(body, "base64", path + ".base64");
    if ((text == null) == (base64 == null)) {
      throw new EntryProblem(path + " must have exactly one of text and base64");
    }
    byte[] bytes;
    if (text != null) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        bytes = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new EntryProblem(path + ".base64 is not valid base64 (" + e.getMessage() + ")");
      }
    }
    long size = Fields.optionalLong(body, "size", path + ".size", bytes.length);
    boolean truncated = Fields.optionalBoolean(body, "truncated", path + ".truncated");
    if (size < bytes.length) {
      throw new EntryProblem(
          path + ".size " + size + " is smaller than the " + bytes.length + " bytes given");
    }
    if (!truncated && size != bytes.length) {
      throw new EntryProblem(
          path
              + ".size "
              + size
              + " differs from the "
              + bytes.length
              + " bytes given, but the body is not marked truncated");
    }
    return truncated ? new Body(bytes, size, true) : Body.of(bytes);
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      // only read from: nothing to lose
    }
  }
}
