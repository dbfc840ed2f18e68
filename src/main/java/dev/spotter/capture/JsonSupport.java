package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/** The Jackson set-up shared by the readers and writers of this package. */
final class JsonSupport {
  /**
   * Captured bodies can be far larger than Jackson's default limit for one string (20 M
   * characters); the body cap, not the parser, decides what is kept.
   */
  static final ObjectMapper MAPPER = mapper();

  /** For whole documents (a body, a line): content after the first value makes it invalid. */
  static final ObjectReader WHOLE_DOCUMENT =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonSupport() {}

  private static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(10_000)
                    .build())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    // numbers come back out exactly as they went in when a redacted body is written again
    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    return mapper;
  }

  /** Jackson's description of a syntax error, without its source excerpt and location. */
  static String describe(JsonProcessingException e) {
    if (e instanceof JsonEOFException
        || (e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input"))) {
      return "the JSON ends too early (is the file truncated?)";
    }
    String message = e.getOriginalMessage();
    if (message == null) {
      return "malformed JSON";
    }
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl);
    }
    int marker = message.indexOf(" (start marker at");
    if (marker >= 0) {
      message = message.substring(0, marker);
    }
    return "malformed JSON: " + message.strip();
  }

  static String lineAndColumn(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
