package dev.spotter.stream;

import dev.spotter.capture.JsonlReader;
import dev.spotter.capture.JsonlWriter;
import dev.spotter.capture.ReadItem;
import dev.spotter.diff.EndpointGrouper;
import dev.spotter.model.Exchange;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One captured exchange as one Kafka record (docs/kafka.md): the value is the exchange's line of
 * Spotter's JSONL format (docs/formats.md), readable with any Kafka tool; the key is its endpoint
 * ({@code GET /orders/{id}}), so one endpoint's traffic keeps its order in one partition; headers
 * carry the capture id, the corpus, the proxy that captured it and the format version.
 */
public final class ExchangeRecords {
  /** The id the proxy gave the exchange when it captured it (a UUID); the store's dedup key. */
  public static final String CAPTURE_ID = "spotter-capture-id";

  /** The corpus the producing proxy records into ({@code spotter record --corpus}). */
  public static final String CORPUS = "spotter-corpus";

  /** The proxy that captured the exchange, such as {@code record:10.0.0.5:8080}. */
  public static final String SOURCE = "spotter-source";

  /** The version of this record layout: headers, key and a JSONL line as the value. */
  public static final String FORMAT = "spotter-format";

  /** The layout this Spotter writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String BAD_RECORD = "stream.bad_record";

  // inferred templates only: a key must be stable across proxies whatever their configuration
  private static final EndpointGrouper ENDPOINTS = new EndpointGrouper(List.of());

  private ExchangeRecords() {}

  /**
   * The record of an exchange already redacted; {@code exchange.id()} is its capture id.
   *
   * @param corpus the corpus it is meant for, or null
   * @param source the proxy that captured it, or null
   */
  public static ProducerRecord<String, byte[]> toRecord(
      String topic, Exchange exchange, String corpus, String source) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(FORMAT, utf8(Integer.toString(FORMAT_VERSION)));
    headers.add(CAPTURE_ID, utf8(exchange.id()));
    if (corpus != null) {
      headers.add(CORPUS, utf8(corpus));
    }
    if (source != null) {
      headers.add(SOURCE, utf8(source));
    }
    return new ProducerRecord<>(topic, null, null, keyOf(exchange), line(exchange), headers);
  }

  /**
   * The partition key of an exchange: its method and path with identifier segments templated, such
   * as {@code GET /orders/{id}}.
   */
  public static String keyOf(Exchange exchange) {
    HttpRequestData request = exchange.request();
    return ENDPOINTS
        .endpointOf(request.method(), HttpRequestData.pathAndQuery(request.url()))
        .toString();
  }

  /**
   * The exchange's JSONL line without its line break: a record's value, and the form in which the
   * fleet hands a request to its workers to send again.
   */
  public static byte[] line(Exchange exchange) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonlWriter writer = new JsonlWriter(out)) {
      writer.write(exchange);
    }
    byte[] bytes = out.toByteArray();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
  }

  /**
   * The exchange a record carries, its id the capture id (or {@code topic-partition@offset} when
   * the record has none, which is as stable across redeliveries).
   *
   * @throws SpotterException {@code stream.bad_record}: {@code topic-partition@offset: what is
   *     wrong}
   */
  public static Exchange fromRecord(ConsumerRecord<String, byte[]> record) {
    String where = where(record);
    Optional<String> format = header(record, FORMAT);
    if (format.isPresent()) {
      checkFormat(where, format.get());
    }
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      throw bad(where, "the record has no value");
    }
    Exchange exchange = fromLine(value, where);
    String id = header(record, CAPTURE_ID).filter(s -> !s.isBlank()).orElse(where);
    return exchange.withId(id);
  }

  /**
   * The exchange one JSONL line holds (as {@link #line} writes it), its id the line's.
   *
   * @param where names the line in the error, such as {@code topic-0@42}
   * @throws SpotterException {@code stream.bad_record}: {@code where: what is wrong}
   */
  public static Exchange fromLine(byte[] value, String where) {
    ReadItem item;
    try (JsonlReader reader = JsonlReader.of(new ByteArrayInputStream(value), where)) {
      item = reader.next();
      if (item != null && reader.next() != null) {
        throw bad(where, "the value holds more than one line; a record carries one exchange");
      }
    } catch (SpotterException e) {
      throw e.code().equals(BAD_RECORD) ? e : bad(where, withoutPrefix(e.getMessage(), where));
    }
    if (item == null) {
      throw bad(where, "the value is blank");
    }
    if (item instanceof ReadItem.Invalid invalid) {
      throw bad(where, invalid.problem());
    }
    return ((ReadItem.Parsed) item).exchange();
  }

  /** The corpus the producing proxy named, if it named one. */
  public static Optional<String> corpusOf(ConsumerRecord<?, ?> record) {
    return header(record, CORPUS).filter(s -> !s.isBlank());
  }

  /** The proxy that captured the record's exchange, if it said. */
  public static Optional<String> sourceOf(ConsumerRecord<?, ?> record) {
    return header(record, SOURCE).filter(s -> !s.isBlank());
  }

  /** {@code topic-partition@offset}, how messages name a record. */
  public static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static void checkFormat(String where, String text) {
    int version;
    try {
      version = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw bad(where, "the " + FORMAT + " header '" + text + "' is not a version number");
    }
    if (version > FORMAT_VERSION) {
      throw bad(
          where,
          "record format "
              + version
              + " is newer than this Spotter reads ("
              + FORMAT_VERSION
              + "); upgrade Spotter");
    }
    if (version < 1) {
      throw bad(where, "record format " + version + " is not a Spotter record format");
    }
  }

  /** The last value of a header as UTF-8 text. */
  private static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
    Headers headers = record.headers();
    Header h = headers == null ? null : headers.lastHeader(name);
    if (h == null || h.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new String(h.value(), StandardCharsets.UTF_8));
  }

  /** The reader names the record as its file; the message says where once. */
  private static String withoutPrefix(String message, String where) {
    String prefix = where + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SpotterException bad(String where, String problem) {
    return new SpotterException(BAD_RECORD, where + ": " + problem);
  }
}
